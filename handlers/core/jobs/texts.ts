/**
 * Reading a batch's texts back from the bucket: texts that lie side by side in one object (the
 * lines of a `jsonl` input, the chunks of one document) are fetched with one range read.
 */
import type { PlannedText } from './job.js';
import { readLine } from './documents.js';
import type { JobStore } from './store.js';

export interface BatchText {
  planned: PlannedText;
  id: unknown;
  text: string;
}

/** Runs of planned texts in one object whose ranges touch or overlap, read together. */
function runs(texts: readonly PlannedText[]): PlannedText[][] {
  const grouped: PlannedText[][] = [];
  for (const text of texts) {
    const run = grouped.at(-1);
    const previous = run?.at(-1);
    if (run && previous && previous.key === text.key && text.range[0] <= previous.range[1] + 1 && text.range[0] >= (run[0]?.range[0] ?? 0))
      run.push(text);
    else grouped.push([text]);
  }
  return grouped;
}

export async function readTexts(store: JobStore, texts: readonly PlannedText[]): Promise<BatchText[]> {
  const read = await Promise.all(
    runs(texts).map(async (run) => {
      const from = run[0]?.range[0] ?? 0;
      const to = Math.max(...run.map((text) => text.range[1]));
      const bytes = await store.range(run[0]?.key ?? '', from, to);
      return run.map((planned) => {
        const slice = bytes.subarray(planned.range[0] - from, planned.range[1] - from);
        if (planned.form === 'raw') return { planned, id: planned.id, text: slice.toString('utf8') };
        const { id, text } = readLine(slice);
        return { planned, id, text };
      });
    }),
  );
  return read.flat();
}
