/**
 * Size limits of the public API (DESIGN §3). They keep every request inside what Lambda (6 MB) and
 * SageMaker (6 MiB) accept, and they are published as they are by `GET /nlp/engines`.
 */
export const LIMITS = {
  /** Request body, in bytes as received. */
  maxBodyBytes: 1024 * 1024,
  /** Texts in one `texts` batch. */
  maxTexts: 64,
  /** Characters (Unicode code points) in one text. */
  maxTextCharacters: 100_000,
  /** Characters (code points) in all texts of one request together. */
  maxTotalCharacters: 100_000,
  /** A normalised response body, in UTF-8 bytes. */
  maxResponseBytes: 5_000_000,
} as const;
