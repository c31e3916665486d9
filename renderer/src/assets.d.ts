/** Stylesheets are bundled by Vite into a file the CSP allows ('self'); importing one has no value. */
declare module '*.css';
