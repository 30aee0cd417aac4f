/** The package's version, as package.json says (a test keeps the two equal). */
export const PECAN_VERSION = "0.1.0";
