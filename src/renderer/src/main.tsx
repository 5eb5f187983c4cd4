import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { NO_TOKEN, tokenMissing } from './api';
// The base sheet first: each domain's sheet, imported by its components, comes after it.
import './styles.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {tokenMissing() ? (
      <main className="welcome">
        <h2>Lectern needs its token</h2>
        <p role="alert">{NO_TOKEN}</p>
      </main>
    ) : (
      <App />
    )}
  </StrictMode>,
);
