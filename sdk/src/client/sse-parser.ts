/** One server-sent event, as dispatched at the blank line that ends it. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/** What the parser hands over: events, and the server's reconnection delay when it sends one. */
export interface SseHandlers {
  event(event: ServerSentEvent): void;
  retry(ms: number): void;
}

/**
 * An incremental parser of the text/event-stream format (the WHATWG rules that matter here:
 * CR, LF or CRLF line ends, `data` lines joined by newlines, comments ignored, `retry` digits
 * only). Feed it decoded text in chunks of any size.
 */
export function sseParser(handlers: SseHandlers): (chunk: string) => void {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  // A chunk may end between the CR and the LF of one CRLF.
  let skipLeadingLf = false;

  function line(text: string): void {
    if (text === '') {
      if (data.length > 0) handlers.event({ event: event || 'message', data: data.join('\n'), id });
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\u0000')) id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) handlers.retry(Number(value));
  }

  return (chunk) => {
    buffer += chunk;
    if (skipLeadingLf && buffer.startsWith('\n')) buffer = buffer.slice(1);
    skipLeadingLf = false;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const char = buffer.charCodeAt(i);
      if (char !== 10 && char !== 13) continue;
      line(buffer.slice(start, i));
      if (char === 13) {
        if (i + 1 === buffer.length) skipLeadingLf = true;
        else if (buffer.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    buffer = buffer.slice(start);
  };
}
