// The arithmetic of the timeline's virtualised list: where each row starts, given the heights
// measured so far (estimates for the rest), and which rows a scroll position shows. Kept apart
// from the component so it is plain, testable code; the component does the DOM work.

/**
 * The top of every row and, at index `heights.length`, the total height: `offsets[i]` is the
 * sum of the heights of rows `0..i`.
 */
export function rowOffsets(heights: ArrayLike<number>): Float64Array {
  const offsets = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = offsets[i]! + heights[i]!;
  return offsets;
}

/** The row at vertical position `y` (clamped to the rows there are; 0 when there are none). */
export function rowAt(offsets: Float64Array, y: number): number {
  const count = offsets.length - 1;
  if (count <= 0) return 0;
  // The last row whose top is at or above y.
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The rows to put in the DOM, `[start, end)`, for a viewport `[top, top + height)` widened by
 * `overscan` pixels on both sides (so a quick scroll does not show blank space before the
 * next frame renders).
 */
export function visibleRange(offsets: Float64Array, top: number, height: number, overscan: number): [number, number] {
  const count = offsets.length - 1;
  if (count <= 0) return [0, 0];
  const start = rowAt(offsets, Math.max(0, top - overscan));
  const end = rowAt(offsets, top + height + overscan) + 1;
  return [start, Math.min(count, end)];
}
