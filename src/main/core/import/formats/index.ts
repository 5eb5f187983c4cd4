import type { DigestFormat } from '../../../../shared/parsed';
import { hfTextFormat } from './hf-text';

/** Every format Lectern reads. Detection asks each; the most confident wins. */
export const FORMATS: readonly DigestFormat[] = [hfTextFormat];
