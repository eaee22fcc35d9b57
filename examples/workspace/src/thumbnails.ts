import { Worker } from 'node:worker_threads';
import * as path from 'node:path';

export function makeThumbnails(images: string[]): Promise<void[]> {
  return Promise.all(
    images.map(
      (image) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(path.join(__dirname, 'thumbnail-worker.js'), { workerData: image });
          worker.once('exit', () => resolve());
          worker.once('error', reject);
        }),
    ),
  );
}
