// What the web editor (Decap CMS) does to a profile between opening and saving it, with the code
// and the `yaml` library of decap-cms-core (src/formats/yaml.ts, frontmatter.ts): the front
// matter parsed to values, the fields the editor changed set, the values written back as YAML
// 1.2, which leaves `yes`, `no` and `on` unquoted. Reads {raw, set, append} as JSON on stdin,
// prints the new file.
const { join } = require("node:path");
const core = join(__dirname, "..", "..", "cms", "node_modules", "decap-cms-core");
const yaml = require(require.resolve("yaml", { paths: [core] }));

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { raw, set, append } = JSON.parse(input);
  const [, front, body] = raw.match(/^---\n([\s\S]*?)\n---\n([\s\S]*)$/);
  const data = yaml.parseDocument(front, { prettyErrors: true }).toJSON();
  Object.assign(data, set);
  for (const [key, values] of Object.entries(append)) data[key] = [...(data[key] || []), ...values];
  const doc = new yaml.Document();
  doc.contents = yaml.createNode(data);
  process.stdout.write(`---\n${doc.toString()}---\n${body}`);
});
