import { describe, expect, it } from 'vitest';
import { ChangeRing } from './ring.ts';

function ringOf(capacity: number, ranges: [number, number][]): ChangeRing {
  const ring = new ChangeRing(capacity);
  for (const [baseRevision, revision] of ranges) {
    ring.push({ baseRevision, revision, frame: Buffer.from(String(revision)) });
  }
  return ring;
}

const texts = (frames: Buffer[] | undefined) => frames?.map((frame) => frame.toString());

describe('the change ring', () => {
  it('replays the frames after the revision an SDK has, in order', () => {
    const ring = ringOf(10, [
      [4, 5],
      [5, 6],
      [6, 7],
    ]);
    expect(texts(ring.after(5, 7))).toEqual(['6', '7']);
    expect(texts(ring.after(4, 7))).toEqual(['5', '6', '7']);
  });

  it('has nothing to replay to an SDK that is current', () => {
    expect(texts(ringOf(10, [[4, 5]]).after(5, 5))).toEqual([]);
  });

  it('cannot resume an SDK older than its oldest frame, or one it has never heard of', () => {
    const ring = ringOf(2, [
      [4, 5],
      [5, 6],
      [6, 7],
    ]);
    expect(ring.after(4, 7)).toBeUndefined();
    expect(texts(ring.after(5, 7))).toEqual(['6', '7']);
    expect(ring.after(99, 7)).toBeUndefined();
    expect(new ChangeRing(4).after(3, 5)).toBeUndefined();
  });

  it('resumes inside a frame that spans several revisions (a resync)', () => {
    const ring = ringOf(10, [
      [4, 5],
      [5, 9],
    ]);
    expect(texts(ring.after(7, 9))).toEqual(['9']);
  });
});
