/** Staging folders and files are named after the process that writes them: another run's are left alone while it runs. */
import { errnoCode } from './errors.ts';

/** Whether a process with this id exists (EPERM: it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM';
  }
}
