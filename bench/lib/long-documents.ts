/** Long documents for the jobs tests and bench:jobs: generated here, with entities, emoji and accents so that every offset unit differs. */

/** A long document: paragraphs that name people and places, with emoji and accents so the encodings differ. */
export function longDocument(characters: number): string {
  const paragraphs: string[] = [];
  // Counted as it grows, not by joining each time: a million characters in milliseconds, so a test's
  // event loop is never blocked long enough for a kept-alive connection to go stale under it.
  for (let i = 0, length = 0; length < characters; i++) {
    const paragraph = `Chapter ${i} 😀. Angela Merkel met Emmanuel Macron in Zürich on Monday. Apple bought a startup in London for $1 billion.\n\n`;
    paragraphs.push(paragraph);
    length += paragraph.length;
  }
  return paragraphs.join('');
}

const PEOPLE = [
  'Angela Merkel',
  'Tim Cook',
  'Satya Nadella',
  'Jacinda Ardern',
  'Olaf Scholz',
  'Christine Lagarde',
  'Elon Musk',
  'Mary Barra',
];
const PLACES = ['Berlin', 'Paris', 'Zürich', 'New York', 'Tokyo', 'São Paulo', 'Nairobi', 'Melbourne', 'Toronto', 'Madrid'];
const ORGS = ['Apple', 'Microsoft', 'the European Central Bank', 'Siemens', 'Toyota', 'the United Nations', 'General Motors', 'Nestlé'];
const DAYS = ['Monday', 'Tuesday', 'last week', 'March 3, 2021', 'the summer of 1999', 'yesterday'];

/** A small deterministic generator (mulberry32), so every run measures the same documents. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A varied long document: news-like sentences naming people, places, organisations, dates and
 * sums, in paragraphs of 1 to 12 sentences, with now and then a paragraph of 60 sentences (so some
 * chunks must end at a sentence break rather than a paragraph break) and an emoji.
 */
export function newsDocument(seed: number, characters: number): string {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const sentence = () =>
    pick([
      () => `${pick(PEOPLE)} visited ${pick(PLACES)} on ${pick(DAYS)}.`,
      () => `${pick(ORGS)} paid $${Math.floor(next() * 900) + 10} million for a startup in ${pick(PLACES)}.`,
      () => `According to ${pick(PEOPLE)}, ${pick(ORGS)} will open an office in ${pick(PLACES)} 😀.`,
      () => `The meeting between ${pick(PEOPLE)} and ${pick(PEOPLE)} lasted ${Math.floor(next() * 9) + 2} hours.`,
      () => `Shares of ${pick(ORGS)} rose ${Math.floor(next() * 30) + 1} percent on ${pick(DAYS)}.`,
    ])();
  const paragraphs: string[] = [];
  let length = 0;
  while (length < characters) {
    const count = next() < 0.05 ? 60 : Math.floor(next() * 12) + 1;
    const paragraph = Array.from({ length: count }, sentence).join(' ');
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  return paragraphs.join('\n\n');
}
