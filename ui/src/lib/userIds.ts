// Reading Matrix user IDs typed by a person. The engine parses them properly; this only
// catches what is plainly not a user ID, so the person hears about it before anything is sent.

/** Whether `text` looks like a full Matrix user ID: `@localpart:server`. */
export function looksLikeUserId(text: string): boolean {
  return /^@[^\s:@]+:[^\s@]+$/u.test(text) && text.length <= 255;
}

/** The user IDs in a list typed with spaces, commas or new lines; duplicates once. */
export function splitUserIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/u).filter((part) => part.length > 0))];
}
