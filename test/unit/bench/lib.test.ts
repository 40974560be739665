/** The statistics and the Markdown every TypeScript benchmark reports with (bench/lib/). */
import { describe, expect, it } from '@jest/globals';
import { table } from '../../../bench/lib/report.js';
import { median, percentile, quantile } from '../../../bench/lib/stats.js';

describe('bench statistics', () => {
  const sample = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];

  it.each([
    [0, 1],
    [0.1, 1],
    [0.11, 2],
    [0.5, 5],
    [0.99, 10],
    [1, 10],
  ])('quantile %p of 1…10 is the nearest-rank value %p', (q, expected) => {
    expect(quantile(sample, q)).toBe(expected);
  });

  it('median and percentile are that quantile, and leave the sample unsorted', () => {
    expect(median(sample)).toBe(5);
    expect(percentile(sample, 99)).toBe(10);
    expect(sample[0]).toBe(5);
  });

  it('an empty sample has no quantile', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('bench tables', () => {
  it('aligns a heading ending in a colon to the right and one wrapped in colons to the centre', () => {
    const markdown = table(
      ['process', 'memory:', ':stable:'],
      [
        ['api', '12 MiB', 'yes'],
        ['endpoint', 3, '**no**'],
      ],
    );

    expect(markdown.split('\n')).toEqual([
      '| process | memory | stable |',
      '| --- | ---: | :---: |',
      '| api | 12 MiB | yes |',
      '| endpoint | 3 | **no** |',
    ]);
  });
});
