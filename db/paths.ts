// Where the app keeps its database, said once for the app and the command line: the folder
// "Slenkstis" in the system's application-data folder (what Electron calls appData; its
// userData is that folder plus the product name).
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER = 'Slenkstis';
export const DB_FILE = 'slenkstis.db';

/** The database in an application-data folder. */
export const dbPathIn = (appData: string): string => join(appData, APP_FOLDER, DB_FILE);

/** The system's application-data folder, as Electron's app.getPath('appData') answers it. */
export function appDataFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
}
