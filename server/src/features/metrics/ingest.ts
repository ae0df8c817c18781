import { type EventsBatch, type FieldError, sdkApi } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { invalid } from '../../errors.ts';
import { route } from '../route.ts';
import { MetricsBuffer } from './buffer.ts';
import { histogramCount } from './histogram.ts';
import { writeMetrics } from './write.ts';

/** Rows the buffer holds before it refuses batches with 503 (a few tens of MB at most). */
const BUFFER_CAPACITY = 50_000;

/** What a schema cannot say about a batch: parts never exceed the whole they belong to. */
function batchErrors(batch: EventsBatch): FieldError[] {
  const errors: FieldError[] = [];
  batch.flags.forEach((item, i) => {
    const outcomes = item.outcomes ?? 0;
    const check = (field: string, count: number) => {
      if (count > outcomes) {
        errors.push({
          field: `/body/flags/${i}/${field}`,
          message: `counts ${count}, more than the ${outcomes} outcomes`,
        });
      }
    };
    check('errors', item.errors ?? 0);
    check('latency', histogramCount(item.latency ?? []));
    check('valueCount', item.valueCount ?? 0);
  });
  return errors;
}

/**
 * `POST /sdk/v1/events` (server token): SDK counters, added up in memory and written every
 * TRIPSWITCH_INGEST_FLUSH_MS; whatever is buffered is written when the app closes.
 */
export async function ingestRoutes(app: FastifyInstance) {
  const { metricsBucketMs, ingestFlushMs } = app.config;
  const buffer = new MetricsBuffer(metricsBucketMs, BUFFER_CAPACITY);
  const log = app.log.child({ component: 'ingest' });
  let flushing: Promise<void> = Promise.resolve();

  const flush = () => {
    flushing = flushing.then(async () => {
      if (buffer.size === 0) return;
      const taken = buffer.take();
      try {
        await writeMetrics(app.db, taken);
      } catch (error) {
        const dropped = buffer.restore(taken);
        log.error({ err: error, dropped }, 'could not write metrics; kept them for the next flush');
      }
    });
    return flushing;
  };
  const timer = setInterval(flush, ingestFlushMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await flush();
  });

  app.addHook('onRequest', app.authenticate('server'));
  route(app, sdkApi.events, async ({ body, request, reply }) => {
    const errors = batchErrors(body);
    if (errors.length > 0) throw invalid(errors);
    const environment = request.principal?.environment as string;
    if (body.dropped) {
      request.log.warn({ dropped: body.dropped, sdk: body.sdk }, 'an SDK dropped metrics');
    }
    if (!buffer.add(environment, body, Date.now())) {
      // Said here rather than thrown: the error handler turns every 5xx into a bare 500.
      return reply
        .code(503)
        .header('retry-after', String(Math.ceil(ingestFlushMs / 1000)))
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: 'Service unavailable',
          status: 503,
          code: 'TS_INGEST_BUSY',
          detail: 'Metrics are arriving faster than they are written; retry later.',
          instance: request.url,
        });
    }
    return undefined;
  });
}
