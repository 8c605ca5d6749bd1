/**
 * A valid cycle carrying every hostile Markdown payload of the corpus (test/fixtures/hostile/md-*:
 * script, event handlers, javascript: and data: links, remote images, scripted SVG and HTML flame
 * graphs, mXSS shapes), plus markup in the JSON artifacts' text, for the report's escaping tests.
 */
import { appendFile, copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURES } from '../helpers/cli.ts';
import { freshCycle } from './helpers.ts';

const HOSTILE = path.join(FIXTURES, 'hostile');

/** Markup a JSON artifact's text may carry: shown as text, never run. */
export const JSON_PAYLOAD = `<img src=x onerror="window.__pwned='json'"><script>window.__pwned='json'</script>`;

type Step = { append: string; file: string } | { copy: string; to: string };

export async function hostileCycle(): Promise<Awaited<ReturnType<typeof freshCycle>>> {
  const c = await freshCycle();
  for (const name of (await readdir(HOSTILE)).filter((n) => n.startsWith('md-')).sort()) {
    const spec = JSON.parse(await readFile(path.join(HOSTILE, name, 'case.json'), 'utf8')) as {
      setup?: (Step | Record<string, unknown>)[];
    };
    for (const step of spec.setup ?? []) {
      if ('append' in step && typeof step.append === 'string')
        await appendFile(
          path.join(c.root, step.append),
          `\n${await readFile(path.join(HOSTILE, name, String(step.file)), 'utf8')}\n`,
        );
      else if ('copy' in step && typeof step.copy === 'string')
        await copyFile(path.join(HOSTILE, name, step.copy), path.join(c.root, String(step.to)));
    }
  }
  const intake = path.join(c.dir, 'performance-intake-report.json');
  const data = JSON.parse(await readFile(intake, 'utf8'));
  data.title = `Hostile ${JSON_PAYLOAD}`;
  data.pain_points = [{ service: data.services[0].name, symptom: JSON_PAYLOAD }];
  await writeFile(intake, JSON.stringify(data, null, 2));
  const plan = path.join(c.dir, 'optimization-plan.json');
  const tasks = JSON.parse(await readFile(plan, 'utf8'));
  tasks.tasks[0].title = JSON_PAYLOAD;
  await writeFile(plan, JSON.stringify(tasks, null, 2));
  return c;
}
