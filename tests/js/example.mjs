// Atelier through OpenAI's official JavaScript SDK (npm package "openai"): only the base URL and the
// key differ from a program written for OpenAI. Run with the local stack up:
//   source .atelier/env && cd tests/js && npm ci && node example.mjs
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import OpenAI, { toFile } from "openai";

const client = new OpenAI({
  baseURL: `${process.env.ATELIER_URL}/v1`,
  apiKey: process.env.ATELIER_API_KEY,
});

// A generation, its PNG written to a file from the answer itself.
const generated = await client.images.generate({
  model: "dall-e-2",
  prompt: "a red circle left of a blue square on a white background",
  n: 1,
  size: "256x256",
  response_format: "b64_json",
});
fs.writeFileSync("circle-and-square.png", Buffer.from(generated.data[0].b64_json, "base64"));
console.log("generated circle-and-square.png");

// An edit of a scene (a red disc on the left): the mask's transparent right half is repainted.
const scene = fileURLToPath(new URL("../../docs/examples/scene-256.png", import.meta.url));
const mask = fileURLToPath(new URL("../../docs/examples/mask-right-half-256.png", import.meta.url));
const edited = await client.images.edit({
  model: "dall-e-2",
  image: await toFile(fs.createReadStream(scene), "scene.png", { type: "image/png" }),
  mask: await toFile(fs.createReadStream(mask), "mask.png", { type: "image/png" }),
  prompt: "a red circle left of a green triangle on a white background",
  n: 2,
  size: "256x256",
});
console.log(`edited: ${edited.data.length} images, first at ${edited.data[0].url}`);

// Variations of the scene.
const varied = await client.images.createVariation({
  model: "dall-e-2",
  image: await toFile(fs.createReadStream(scene), "scene.png", { type: "image/png" }),
  n: 2,
  size: "256x256",
});
console.log(`varied: ${varied.data.length} images, first at ${varied.data[0].url}`);
