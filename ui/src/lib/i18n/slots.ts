/**
 * Messages with an element inside the sentence ("The identity of <strong>@bob</strong>
 * changed."): each language puts the element where its grammar wants it, so the code cannot
 * cut the sentence itself. The code passes `slot('user')` as the variable and renders the
 * pieces of `splitSlots(t(...))`, putting its element where a piece names the slot.
 *
 * The values themselves (names chosen by other people) never go through the message: they
 * are rendered by the component as text, in their own element.
 */

// Private-use characters: no catalogue text contains them.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const SLOT = /\uE000([^\uE001]*)\uE001/g;

/** A marker standing for the element named `name`, passed as a message variable. */
export function slot(name: string): string {
  return `${OPEN}${name}${CLOSE}`;
}

/** One piece of a message: plain text, or the place of a named element. */
export interface Piece {
  text: string;
  slot: string | null;
}

/** Cuts a formatted message into plain text and the places of its slots, in order. */
export function splitSlots(message: string): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const match of message.matchAll(SLOT)) {
    if (match.index > at) out.push({ text: message.slice(at, match.index), slot: null });
    out.push({ text: '', slot: match[1]! });
    at = match.index + match[0].length;
  }
  if (at < message.length) out.push({ text: message.slice(at), slot: null });
  return out;
}
