import { describe, expect, it } from 'vitest';
import { type ServerSentEvent, sseParser } from './sse-parser.ts';

function parse(chunks: string[]) {
  const events: ServerSentEvent[] = [];
  const retries: number[] = [];
  const feed = sseParser({ event: (event) => events.push(event), retry: (ms) => retries.push(ms) });
  for (const chunk of chunks) feed(chunk);
  return { events, retries };
}

describe('the SSE parser', () => {
  it('dispatches events with their name, data and id at the blank line', () => {
    const { events } = parse(['id: 7\nevent: change\ndata: {"a":1}\n\n']);
    expect(events).toEqual([{ event: 'change', data: '{"a":1}', id: '7' }]);
  });

  it('reassembles events split anywhere, CRLF included', () => {
    const text =
      'id: 1\r\nevent: snapshot\r\ndata: {"x":\r\ndata: 2}\r\n\r\nid: 2\nevent: change\ndata: y\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const { events } = parse([text.slice(0, cut), text.slice(cut)]);
      expect(events).toEqual([
        { event: 'snapshot', data: '{"x":\n2}', id: '1' },
        { event: 'change', data: 'y', id: '2' },
      ]);
    }
  });

  it('ignores comments (heartbeats) and events without data, and names unnamed events message', () => {
    const { events } = parse([':\n\n: ping\n\nevent: nothing\n\ndata: plain\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'plain', id: undefined }]);
  });

  it('hands over retry hints made of digits only', () => {
    const { retries } = parse(['retry: 250\n\nretry: soon\n\nretry: 1.5\n\n']);
    expect(retries).toEqual([250]);
  });

  it('keeps the last id for later events, as the format says', () => {
    const { events } = parse(['id: 3\ndata: a\n\ndata: b\n\n']);
    expect(events.map((event) => event.id)).toEqual(['3', '3']);
  });
});
