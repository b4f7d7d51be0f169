// Child process of bench:xfs4iot for the memory figure: a publisher with 10 test devices, loaded
// either from dist/ as `npm start` runs the gateway (compiled JavaScript, no loader) or from src/
// under `--import tsx` (argv[2] = 'dist' | 'src'). Plain JavaScript so the same code serves both.
const [dir, ext] = process.argv[2] === 'src' ? ['../src/', '.ts'] : ['../dist/', '.js'];
const load = (module) => import(new URL(`${dir}${module}${ext}`, import.meta.url).href);
const { startPublisher } = await load('xfs4iot/publisher');
const { TestDevice } = await load('xfs4iot/test-device');

const services = Array.from({ length: 10 }, (_, i) => new TestDevice().definition(`device${i}`));
const publisher = await startPublisher({ port: 0, services });
process.send?.({ port: publisher.port });
process.on('message', (msg) => {
  if (msg === 'rss') {
    globalThis.gc?.();
    process.send?.({ rss: process.memoryUsage().rss });
  } else if (msg === 'stop') {
    void publisher.close().then(() => process.exit(0));
  }
});
