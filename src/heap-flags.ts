/**
 * The node flags `npm start`, the documented command line and the Windows service give the gateway
 * (README, Deploying on an ATM): a bounded JavaScript heap.
 */
export const HEAP_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=4'];
