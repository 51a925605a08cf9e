import { describe, expect, it } from 'vitest';
import { HfProvider } from '../providers/hf.ts';
import { ProviderError } from '../retry.ts';
import { parseRewrite, rewriteProblem, rewritePrompt, validateRewrite } from './llm.ts';

describe('LLM rewrites', () => {
  it('asks for one change of the type, with an example and structured output', () => {
    const p = rewritePrompt('position', 'A cat on a mat.');
    expect(p).toContain('"A cat on a mat."');
    expect(p).toMatch(/spatial relation/);
    expect(p).toMatch(/JSON only/);
  });

  it('reads JSON answers, also inside a code fence; anything else is a retryable failure', () => {
    expect(parseRewrite('```json\n{"possible": true, "changed_from": "red", "changed_to": "blue", "sentence": "A blue car."}\n```')).toEqual({
      possible: true,
      from: 'red',
      to: 'blue',
      sentence: 'A blue car.',
    });
    expect(parseRewrite('{"possible": false}')).toEqual({ possible: false });
    for (const bad of ['Sure! Here is a blue car.', '{"sentence": ', '{"possible": true}']) {
      const e = (() => {
        try {
          parseRewrite(bad);
        } catch (err) {
          return err as ProviderError;
        }
      })();
      expect(e).toBeInstanceOf(ProviderError);
      expect(e!.retryable).toBe(true);
    }
  });

  it('accepts exactly the asked change and rejects identical answers, paraphrases, other types and broken text', () => {
    const cap = 'A red car parked next to a white building.';
    expect(rewriteProblem(cap, 'color', 'A blue car parked next to a white building.')).toBeNull();
    expect(rewriteProblem(cap, 'color', 'A red car parked next to a white building.')).toMatch(/identical/);
    expect(rewriteProblem(cap, 'color', 'A red car parked far from a white building.')).toMatch(/no colour/);
    expect(rewriteProblem(cap, 'color', 'An automobile painted in crimson stands beside some pale structure.')).toMatch(/paraphrase|words long/);
    expect(rewriteProblem(cap, 'position', 'A red car parked far from a white building.')).toBeNull();
    expect(rewriteProblem(cap, 'count', 'Two red cars parked next to a white building.')).toBeNull();
    expect(rewriteProblem(cap, 'negation', 'A red car parked next to no white building.')).toBeNull();
    expect(rewriteProblem(cap, 'negation', 'A red car parked near a white building.')).toMatch(/no negation/);
    expect(rewriteProblem(cap, 'verb', 'A red car driving next to a white building.')).toBeNull();
    expect(rewriteProblem(cap, 'swap', 'A white car parked next to a red building.')).toBeNull();
    expect(rewriteProblem(cap, 'swap', 'A white car parked next to a blue building.')).toMatch(/swap/);
    expect(rewriteProblem(cap, 'color', 'A blue blue car parked next to a white building.')).toMatch(/repeated/);
    expect(() => validateRewrite(cap, 'color', { possible: false })).toThrow(/no color change is possible/);
  });

  it('the hosted provider sends the prompt as a chat message to the LLM and returns the raw answer', async () => {
    const calls: { url: string; body: { model: string; messages: { content: string }[] } }[] = [];
    const fake: typeof fetch = async (input, init) => {
      calls.push({ url: String(input), body: JSON.parse(String(init!.body)) });
      return new Response(
        JSON.stringify({
          choices: [{ index: 0, message: { role: 'assistant', content: '{"possible": true, "sentence": "A blue car."}' }, finish_reason: 'stop' }],
        }),
        { headers: { 'Content-Type': 'application/json' } },
      );
    };
    const hf = new HfProvider(
      { token: 'hf_x', chatEndpointUrl: 'http://llm.test', vlmModel: 'v', textToImageModel: 't', editModel: 'e', llmModel: 'test/llm' },
      fake,
    );
    const out = await hf.rewrite('PROMPT', { caption: 'A red car.', type: 'color', seed: 1 });
    expect(out).toMatchObject({ raw: '{"possible": true, "sentence": "A blue car."}', model: 'test/llm', provider: 'hf' });
    expect(calls[0].url).toBe('http://llm.test/v1/chat/completions');
    expect(calls[0].body.model).toBe('test/llm');
    expect(calls[0].body.messages[0].content).toBe('PROMPT');
  });
});
