/// <reference types="astro/client" />

/** Served by the `perfgate:site-data` integration of `perfgate build` (src/core/publish/site-data-module.ts). */
declare module 'virtual:perfgate/site-data' {
  /** Absolute path of the site data JSON the build wrote. */
  export const dataFile: string;
}
