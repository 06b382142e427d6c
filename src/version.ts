/** Product name and version, as the greeting and `show config` print them. */
export const PRODUCT = 'sipsh';
/** The program's version, as `package.json` has it. */
export const VERSION = '0.1.0';
