/**
 * Penn Treebank tags (TextBlob's Pattern tagger) mapped to Universal POS tags, following the
 * mapping spaCy's English models use, so `pos` means the same whatever the engine.
 */
const PENN_TO_UPOS: Readonly<Record<string, string>> = {
  CC: 'CCONJ', CD: 'NUM', DT: 'DET', EX: 'PRON', FW: 'X', IN: 'ADP',
  JJ: 'ADJ', JJR: 'ADJ', JJS: 'ADJ', LS: 'X', MD: 'AUX',
  NN: 'NOUN', NNS: 'NOUN', NNP: 'PROPN', NNPS: 'PROPN',
  PDT: 'DET', POS: 'PART', PRP: 'PRON', PRP$: 'PRON',
  RB: 'ADV', RBR: 'ADV', RBS: 'ADV', RP: 'ADP', SYM: 'SYM', TO: 'PART', UH: 'INTJ',
  VB: 'VERB', VBD: 'VERB', VBG: 'VERB', VBN: 'VERB', VBP: 'VERB', VBZ: 'VERB',
  WDT: 'PRON', WP: 'PRON', WP$: 'PRON', WRB: 'ADV',
  '.': 'PUNCT', ',': 'PUNCT', ':': 'PUNCT', '``': 'PUNCT', "''": 'PUNCT', '"': 'PUNCT',
  '(': 'PUNCT', ')': 'PUNCT', '-LRB-': 'PUNCT', '-RRB-': 'PUNCT', HYPH: 'PUNCT', NFP: 'PUNCT',
  '#': 'SYM', $: 'SYM', ADD: 'X', AFX: 'ADJ', XX: 'X', NIL: 'X', _SP: 'SPACE',
};

/** The Universal POS tag of a Penn Treebank tag; `X` (other) for a tag outside the tag set. */
export function pennToUniversal(tag: string): string {
  return PENN_TO_UPOS[tag] ?? PENN_TO_UPOS[tag.split('-')[0] ?? ''] ?? 'X';
}
