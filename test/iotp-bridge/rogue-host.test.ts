// The payment suites once more, against the rogue XML-X host (test/xmlx/fixtures/rogue-host.ts): the
// same contract, a backend written apart from the reference host. Its answers come late (0-3 ms, so
// concurrent ones reorder), funds are checked before the TransferId, and its XML is its own.
process.env.XMLX_TEST_HOST = 'rogue';
await import('./e2e.test.ts');
await import('./outage.test.ts');
await import('./states.test.ts');
await import('./callback.test.ts');
