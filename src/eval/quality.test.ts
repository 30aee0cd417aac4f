import { describe, expect, it } from "vitest";
import { choiceCorrect, exactMatch, f1Score, parseChoice, rougeL } from "./quality.js";

describe("exact match and F1", () => {
  it("compare normalised answers, best over the golds", () => {
    expect(exactMatch("The Beatles.", ["beatles"])).toBe(1);
    expect(exactMatch("Beatles band", ["beatles", "the stones"])).toBe(0);
    expect(f1Score("in Paris, France", ["Paris"])).toBe(0.5);
    expect(f1Score("Paris", ["London", "paris"])).toBe(1);
    expect(f1Score("", ["Paris"])).toBe(0);
    expect(f1Score("x b b", ["b b c"])).toBeCloseTo(2 / 3);
  });
});

describe("ROUGE-L", () => {
  it("is the F-measure of the longest common subsequence", () => {
    // LCS of "cat sat on mat" and "cat lay on mat" (articles dropped) is 3 of 4 tokens.
    expect(rougeL("the cat sat on the mat", ["the cat lay on the mat"])).toBeCloseTo(0.75);
    expect(rougeL("mat on cat", ["cat on mat"])).toBeCloseTo(1 / 3);
    expect(rougeL("nothing alike", ["cat on mat"])).toBe(0);
    expect(rougeL("Half-Blood", ["half blood"])).toBe(1);
  });
});

describe("multiple choice", () => {
  const options = ["Red apples", "Green pears", "Blue plums", "Black grapes"];
  it("parses a letter A-D in the usual forms", () => {
    expect(parseChoice("The answer is (C).")).toBe(2);
    expect(parseChoice("B")).toBe(1);
    expect(parseChoice("D. Black grapes")).toBe(3);
    expect(parseChoice("Answer: a")).toBe(0);
    expect(parseChoice("I think (B) fits best")).toBe(1);
  });

  it("falls back to the one option whose text the reply holds", () => {
    expect(parseChoice("It must be the green pears.", options)).toBe(1);
    expect(parseChoice("Green pears or blue plums", options)).toBeUndefined();
    expect(parseChoice("no idea", options)).toBeUndefined();
    expect(choiceCorrect("Answer: D", 3, options)).toBe(1);
    expect(choiceCorrect("Answer: C", 3, options)).toBe(0);
  });
});
