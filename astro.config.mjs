// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// `perfgate build` does not read this file: src/core/publish/astro-child.ts passes the whole config
// inline (with the integration serving the site data). These are the same settings, for editors.
export default defineConfig({
  integrations: [mdx()],
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
