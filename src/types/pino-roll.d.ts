// pino-roll ships no type declarations: the part of its options the gateway uses.
declare module 'pino-roll' {
  import type { SonicBoom } from 'sonic-boom';

  interface PinoRollOptions {
    file: string;
    /** '10m', '1g'; a number is megabytes. */
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    mkdir?: boolean;
    /** count: files kept besides the current one. */
    limit?: { count: number; removeOtherLogFiles?: boolean };
  }

  export default function rollingFile(options: PinoRollOptions): Promise<SonicBoom>;
}
