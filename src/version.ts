/** Product name and version, as the greeting and `show config` print them. */
export const PRODUCT = 'sipsh';
export const VERSION = '0.1.0';
