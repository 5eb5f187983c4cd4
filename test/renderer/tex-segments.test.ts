import { describe, expect, it } from 'vitest';
import { mayHaveMath, remember, texSegments } from '../../src/renderer/src/math/tex-segments';

const math = (tex: string, source: string, display = false) => ({ kind: 'math', tex, display, source });
const text = (t: string) => ({ kind: 'text', text: t });

describe('texSegments', () => {
  it('finds the math of real arXiv titles and keeps the rest as written', () => {
    expect(texSegments('$\\mathcal{V}$-Usable Information')).toEqual([math('\\mathcal{V}', '$\\mathcal{V}$'), text('-Usable Information')]);
    expect(texSegments('$\\texttt{MemoryRewardBench}$: Benchmarking Reward Models')).toEqual([
      math('\\texttt{MemoryRewardBench}', '$\\texttt{MemoryRewardBench}$'),
      text(': Benchmarking Reward Models'),
    ]);
    expect(texSegments('Lyman-$\\alpha$ forests at $z\\approx 11$')).toEqual([text('Lyman-'), math('\\alpha', '$\\alpha$'), text(' forests at '), math('z\\approx 11', '$z\\approx 11$')]);
  });

  it('reads \\( \\), \\[ \\] and $$ $$, the last two as display math', () => {
    expect(texSegments('a \\(x^2\\) b')).toEqual([text('a '), math('x^2', '\\(x^2\\)'), text(' b')]);
    expect(texSegments('see \\[\\sum_i x_i\\] and $$y$$')).toEqual([text('see '), math('\\sum_i x_i', '\\[\\sum_i x_i\\]', true), text(' and '), math('y', '$$y$$', true)]);
  });

  it('leaves prices, escaped dollars, unclosed and empty delimiters as text', () => {
    for (const t of ['It costs $5 and $10 a month', 'A \\$5 model', 'Open $x but never closed', 'Empty $$ here', 'A lone \\( here', 'Spaces $ x $ around']) {
      expect(texSegments(t)).toEqual([text(t)]);
    }
  });

  it('does not close a formula on an escaped dollar inside it', () => {
    expect(texSegments('$a\\$b$ c')).toEqual([math('a\\$b', '$a\\$b$'), text(' c')]);
  });

  it('keeps a formula across a wrapped line of an abstract', () => {
    expect(texSegments('with $O(n^{\\omega +\n\\eta})$ operations')).toEqual([text('with '), math('O(n^{\\omega +\n\\eta})', '$O(n^{\\omega +\n\\eta})$'), text(' operations')]);
  });

  it('mayHaveMath is false for plain titles, so they skip the parser', () => {
    expect(mayHaveMath('Insights into a radiology-specialised multimodal large language model')).toBe(false);
    expect(mayHaveMath('$x$')).toBe(true);
    expect(mayHaveMath('a \\(x\\)')).toBe(true);
  });
});

describe('remember', () => {
  it('makes each value once and forgets the oldest past its limit', () => {
    const cache = new Map<string, number>();
    let made = 0;
    const get = (k: string) => remember(cache, k, 2, () => ++made);
    expect([get('a'), get('a'), get('b')]).toEqual([1, 1, 2]);
    get('c');
    expect([...cache.keys()]).toEqual(['b', 'c']);
    expect(get('a')).toBe(4);
  });
});
