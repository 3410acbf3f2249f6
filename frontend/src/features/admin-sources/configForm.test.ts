import type { ConfigField } from "../../api/types";
import { checkValues, configFieldErrors, initialValues, looksLikeVariable, SECRET_MASK, storedSecrets, toConfig } from "./configForm";

const FIELDS: ConfigField[] = [
  { name: "url", label: "Database URL", type: "string", required: true, default: null, help: "" },
  { name: "password", label: "Password", type: "secret", required: true, default: null, help: "" },
  { name: "include", label: "Include", type: "list", required: false, default: null, help: "" },
  { name: "batch_size", label: "Batch size", type: "integer", required: false, default: 500, help: "" },
  { name: "partitioned", label: "Partitioned", type: "boolean", required: false, default: true, help: "" },
];

describe("connection form values", () => {
  it("start from the stored configuration, else from each field's default", () => {
    expect(initialValues(FIELDS, null)).toEqual({ url: "", password: "", include: "", batch_size: "500", partitioned: true });
    expect(initialValues(FIELDS, { url: "sqlite:///a.db", password: SECRET_MASK, include: ["a", "b"], batch_size: 20, partitioned: false })).toEqual({
      url: "sqlite:///a.db",
      password: SECRET_MASK,
      include: "a\nb",
      batch_size: "20",
      partitioned: false,
    });
  });

  it("are sent typed: numbers, lists without blanks, secrets exactly as typed", () => {
    const values = { url: " sqlite:///a.db ", password: " p w ", include: "a\n\n  b \n", batch_size: "", partitioned: false };
    expect(toConfig(FIELDS, values)).toEqual({ url: "sqlite:///a.db", password: " p w ", include: ["a", "b"], batch_size: null, partitioned: false });
    expect(toConfig(FIELDS, { ...values, batch_size: "25" }).batch_size).toBe(25);
  });

  it("need their required fields; the mask stands for a secret only when one is stored", () => {
    const values = { url: "", password: SECRET_MASK, include: "", batch_size: "ten", partitioned: false };
    expect(checkValues(FIELDS, values, new Set())).toEqual({
      url: "Database URL is required.",
      password: "Password is required.",
      batch_size: "Enter a whole number.",
    });
    expect(checkValues(FIELDS, { ...values, url: "x", batch_size: "10" }, new Set(["password"]))).toEqual({});
  });

  it("know which secrets are stored, and which values look like variables", () => {
    expect([...storedSecrets(FIELDS, { password: SECRET_MASK })]).toEqual(["password"]);
    expect([...storedSecrets(FIELDS, { password: "" })]).toEqual([]);
    expect(looksLikeVariable("$HOME/data")).toBe(true);
    expect(looksLikeVariable("${TOKEN}")).toBe(true);
    expect(looksLikeVariable("price in $")).toBe(false);
  });

  it("take the server's field errors named config.<field>", () => {
    expect(configFieldErrors({ "config.url": "Not a URL.", schedule: "Never due." })).toEqual({ url: "Not a URL." });
  });
});
