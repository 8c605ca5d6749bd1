// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// `perfgate build` does not read this file: src/core/publish/bundle-child.ts passes the whole config
// inline (a server bundle with perfgate's own adapter: src/core/publish/renderer.ts). These are the
// settings the two share, for editors.
export default defineConfig({
  integrations: [mdx()],
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
