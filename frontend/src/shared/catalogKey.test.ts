import { keyFromName, keyProblem } from "./catalogKey";

describe("catalog keys", () => {
  it("suggests a key from a name, without accents or punctuation", () => {
    expect(keyFromName("Supply chain")).toBe("supply-chain");
    expect(keyFromName("  Ventes & Clientèle! ")).toBe("ventes-clientele");
  });

  it("says what is wrong with a key the server would refuse", () => {
    expect(keyProblem("")).toBe("Enter a key.");
    expect(keyProblem("Sales")).toMatch(/lower-case/);
    expect(keyProblem("-sales")).toMatch(/starting with a letter or digit/);
    expect(keyProblem("sales_eu-2")).toBeUndefined();
  });
});
