/** Content collections: the hand-written documentation pages (MDX) in content/docs. */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const docs = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/docs' }),
  schema: z.object({
    title: z.string(),
    description: z.string(),
    /** Position in the docs index. */
    order: z.number().int(),
  }),
});

export const collections = { docs };
