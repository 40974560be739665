/** The bundle the handler benchmark runs its handlers from, in its own process and in fresh ones. */
export * from './fresh-process.js';
export { handlers } from './handlers.js';
export * from './requests.js';
