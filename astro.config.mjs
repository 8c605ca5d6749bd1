// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// `perfgate build` passes outDir, base and site inline; these are the defaults for `astro dev`.
export default defineConfig({
  integrations: [mdx()],
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
