// ejs 6 (the version mem-fs-editor uses) ships no types; this is the one call the generator makes.
declare module 'ejs' {
  const ejs: {
    render(template: string, data: object, options: { filename: string }): string;
  };
  export default ejs;
}
