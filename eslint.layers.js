/**
 * The layers of DESIGN.md as a lint rule (after VS Code's code-layering): each folder may import
 * only from the layers listed for it, so a rule kept by discipline cannot be broken by the next
 * parallel branch. Relative imports are resolved against the importing file; packages are left
 * to no-restricted-imports (electron, node:*) in eslint.config.js.
 */
import path from 'node:path';

/** Which layer a file of src/ belongs to; the first prefix that matches wins. */
const LAYERS = [
  ['src/shared/', 'shared'],
  ['src/main/core/', 'core'],
  ['src/main/server/', 'server'],
  ['src/main/cli/', 'cli'],
  ['src/main/', 'glue'], // index.ts, ipc.ts, the PDF protocol, the window's options: the Electron shell
  ['src/preload/', 'preload'],
  ['src/renderer/', 'renderer'],
];

/** What each layer may import (its own layer included). */
export const ALLOWED = {
  shared: ['shared'],
  core: ['core', 'shared'],
  server: ['server', 'core', 'shared'],
  cli: ['cli', 'server', 'core', 'shared'],
  glue: ['glue', 'core', 'shared'],
  preload: ['preload', 'shared'],
  renderer: ['renderer', 'shared'],
};

function layerOf(file, root) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  return LAYERS.find(([prefix]) => rel.startsWith(prefix))?.[1] ?? null;
}

export const layersPlugin = {
  rules: {
    layers: {
      meta: { type: 'problem', schema: [], messages: { layer: '{{from}} may not import {{to}} ({{spec}}): {{from}} imports only {{allowed}} (see DESIGN.md, Shape).' } },
      create(context) {
        const root = context.cwd;
        const from = layerOf(context.filename, root);
        if (!from) return {};
        const check = (node, source) => {
          if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
          const to = layerOf(path.resolve(path.dirname(context.filename), source.value), root);
          if (to && !ALLOWED[from].includes(to)) {
            context.report({ node, messageId: 'layer', data: { from, to, spec: source.value, allowed: ALLOWED[from].join(', ') } });
          }
        };
        return {
          ImportDeclaration: (n) => check(n, n.source),
          ExportNamedDeclaration: (n) => check(n, n.source),
          ExportAllDeclaration: (n) => check(n, n.source),
          ImportExpression: (n) => check(n, n.source),
        };
      },
    },
  },
};
