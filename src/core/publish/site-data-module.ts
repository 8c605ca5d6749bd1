/**
 * The Astro integration that hands the site data to the pages: a Vite plugin serving the virtual
 * module `virtual:perfgate/site-data`, which names the JSON file the build wrote (the pages read it
 * once; a multi-megabyte literal would go through the bundler for nothing).
 */
import type { AstroIntegration } from 'astro';

export const SITE_DATA_MODULE = 'virtual:perfgate/site-data';
const RESOLVED = `\0${SITE_DATA_MODULE}`;

/** The integration serving `virtual:perfgate/site-data` with `dataFile` (an absolute path). */
export function siteDataIntegration(dataFile: string, dataReady: Promise<void>): AstroIntegration {
  return {
    name: 'perfgate:site-data',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'perfgate:site-data',
                resolveId: (id: string) => (id === SITE_DATA_MODULE ? RESOLVED : undefined),
                load: (id: string) =>
                  id === RESOLVED ? `export const dataFile = ${JSON.stringify(dataFile)};\n` : undefined,
                // After every bundle is built and before Astro renders (its own post hook comes
                // later): the data file is complete once the builder says so.
                buildApp: { order: 'post' as const, handler: () => dataReady },
              },
            ],
          },
        });
      },
    },
  };
}
