/** Types for report.mjs, which stays plain JavaScript so that any benchmark can use it. */
export function machine(): string;
export function writeSection(name: string, markdown: string): void;
