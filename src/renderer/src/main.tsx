import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The base sheet first: each domain's sheet, imported by its components, comes after it.
import './styles.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
