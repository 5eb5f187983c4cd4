import { config } from 'zod';

// Imported first, before any schema exists: zod would otherwise probe `new Function` to decide
// whether to compile fast parsers, which our CSP (no 'unsafe-eval') blocks and reports as a
// violation. Jitless parsing needs no eval and is plenty fast for the few parses the UI makes.
config({ jitless: true });
