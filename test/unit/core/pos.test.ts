import { pennToUniversal } from '../../../handlers/core/pos.js';

describe('pennToUniversal', () => {
  it.each([
    ['NNP', 'PROPN'],
    ['NNS', 'NOUN'],
    ['VBZ', 'VERB'],
    ['MD', 'AUX'],
    ['JJR', 'ADJ'],
    ['RB', 'ADV'],
    ['DT', 'DET'],
    ['IN', 'ADP'],
    ['CC', 'CCONJ'],
    ['CD', 'NUM'],
    ['PRP$', 'PRON'],
    ['WP', 'PRON'],
    ['TO', 'PART'],
    ['POS', 'PART'],
    ['UH', 'INTJ'],
    ['.', 'PUNCT'],
    [',', 'PUNCT'],
    ['(', 'PUNCT'],
    ['$', 'SYM'],
    ['#', 'SYM'],
    ['FW', 'X'],
    ['NNP-LOC', 'PROPN'],
    ['WEIRD', 'X'],
    ['', 'X'],
  ])('%s → %s', (tag, pos) => {
    expect(pennToUniversal(tag)).toBe(pos);
  });
});
