// Finding a room by what a person types: its name or, for a direct chat, the other person's
// user ID; case and accents ignored, every word must match somewhere.
import type { RoomSummary } from './ipc/types';

/** Which rooms a list shows: all, direct chats only, or group rooms only. */
export type Folder = 'all' | 'dms' | 'groups';

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/** The rooms in `folder` whose name or DM partner matches every word of `query`. */
export function filterRooms(rooms: RoomSummary[], query: string, folder: Folder = 'all'): RoomSummary[] {
  const words = fold(query).split(/\s+/u).filter(Boolean);
  return rooms.filter((room) => {
    if (folder === 'dms' && !room.is_dm) return false;
    if (folder === 'groups' && room.is_dm) return false;
    const haystack = fold(`${room.name} ${room.dm_user_id ?? ''}`);
    return words.every((word) => haystack.includes(word));
  });
}
