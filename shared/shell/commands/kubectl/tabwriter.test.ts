import { expect, it } from 'vitest';
import { tabwrite } from './tabwriter';

it('aligns describe blocks the way Go tabwriter does', () => {
  const text = 'Name:\tweb\nRules:\n  Host\tPath\tBackends\n  ----\t----\t--------\n  *\t\n    \t/web \tweb-svc:8000 (1.2.3.4:8000)\nAnnotations:\tx: y\nEvents:\t<none>\n';
  expect(tabwrite(text)).toBe(
    'Name:  web\nRules:\n  Host        Path  Backends\n  ----        ----  --------\n  *           \n              /web   web-svc:8000 (1.2.3.4:8000)\nAnnotations:  x: y\nEvents:       <none>\n',
  );
});
