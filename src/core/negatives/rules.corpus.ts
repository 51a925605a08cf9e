// Captions written for the rule tests, in the style of COCO and Flickr30k, with marks for what each rule may change:
// [c red] a colour, [n two] a count (explicit numbers; articles only where a caption has none), [p next to] a spatial
// relation, [v sitting] a verb, [x not] an existing negation. "|s" ends a caption where a swap applies.

export const RULE_CORPUS = `
[n A] man [v riding] [n a] [c brown] horse [p on] the beach. |s
[n Two] dogs [v running] [p on] the grass. |s
[n A] [c red] bus [v parked] [p next to] [n a] [c white] building. |s
[n A] woman [v holding] [n an] umbrella [p in] the rain. |s
[n Three] [c yellow] ducks [v swimming] [p in] [n a] pond. |s
[n A] cat [v sleeping] [p on top of] [n a] laptop. |s
[n A] plate of food [p on] [n a] wooden table.
[n Two] men [v playing] frisbee [p in] [n a] park.
[n A] [c black] dog [v chasing] [n a] [c white] ball. |s
[n A] little girl [v eating] a slice of pizza.
[n A] [c blue] car [v parked] [p behind] [n a] [c red] truck. |s
[n An] old man [v sitting] [p on] [n a] bench [p in front of] [n a] church. |s
[n Four] people [v standing] [p near] [n a] [c green] fence. |s
The cat is [x not] [v sleeping] [p on] the bed.
[n A] man with [n a] [c red] hat [v walking] [n a] dog.
There is no dog [p in] the yard.
[n A] [c pink] cake [p on] [n a] [c white] plate. |s
[n Two] giraffes [v grazing] [p next to] [n a] tree. |s
[n A] kitchen with [c white] cabinets and [n a] [c black] stove. |s
[n A] boy [v throwing] [n a] frisbee [p on] [n a] beach. |s
[n Five] [c orange] cones [p on] the road. |s
[n A] woman [v talking] [p on] [n a] phone [p near] [n a] window. |s
[n A] surfer [v riding] [n a] wave [p in] the ocean. |s
[n Two] zebras [v standing] [p in] [n a] field of grass. |s
[n A] [c gray] cat [v sitting] [p inside] [n a] box. |s
[n A] bowl of [c green] apples [p on] the counter.
[n A] man is [v cutting] [n a] cake with [n a] knife.
[n A] train [v parked] at [n a] station.
[n Six] birds [v sitting] [p on] [n a] wire. |s
[n A] [c yellow] taxi [v driving] [p down] the street. |s
[n A] child [v holding] [n a] [c red] balloon.
[n A] dog [v lying] [p under] [n a] table. |s
[n A] laptop [p on] [n a] desk [p next to] [n a] lamp. |s
[n A] stop sign [p on] [n a] pole. |s
[n A] man and [n a] woman [v riding] bicycles.
[n A] person [v skiing] [p down] [n a] snowy hill. |s
[n Two] [c brown] bears [v walking] [p in] the woods. |s
[n A] bathroom with [n a] [c white] sink and [n a] mirror.
[n A] clock [p on] the wall [p above] [n a] door. |s
A group of people [v standing] around [n a] table.
[n An] elephant [v walking] [p beside] [n a] river. |s
[n A] man [v wearing] [n a] [c blue] shirt and [c black] pants. |s
[n A] woman is [v cooking] [p in] [n a] kitchen.
[n A] skateboarder [v jumping] [p over] [n a] rail. |s
[n Three] children [v playing] soccer [p on] [n a] field.
[n A] [c white] horse [v standing] [p in] [n a] stable. |s
[n A] pizza with cheese and olives.
[n A] cow [v grazing] [p in] [n a] [c green] pasture. |s
[n A] plane [v flying] [p above] the clouds. |s
[n A] man is [v sitting] at [n a] desk [v reading] [n a] book.
[n Two] cups of coffee [p on] [n a] tray.
[n A] kite [v flying] [p over] the beach. |s
[n A] [c brown] dog [v carrying] [n a] stick.
[n A] motorcycle [v parked] [p on] the sidewalk. |s
[n A] woman [v washing] dishes [p in] [n a] sink.
[n A] [c red] apple [p next to] [n a] [c green] pear. |s
[n Eight] chairs around [n a] dining table.
[n A] tennis player [v swinging] [n a] racket.
[n A] vase of flowers [p on] [n a] windowsill.
The bus is [x not] [v moving].
[n A] bird [v sitting] [p on] [n a] branch. |s
[n A] man [v holding] [n a] surfboard [p on] the beach. |s
[n A] [c black] and [c white] cat.
[n A] sandwich [p on] [n a] plate with fries. |s
[n Two] [c white] boats [p in] the harbor. |s
[n A] little boy [v climbing] [n a] tree.
[n A] couch [p in front of] [n a] television. |s
[n A] baby [v sleeping] [p in] [n a] crib. |s
[n A] [c silver] car [p on] [n a] wet road. |s
A bunch of bananas [p on] [n a] table.
[n A] sheep [v standing] [p on] [n a] hill. |s
[n A] woman [v riding] [n a] [c pink] bicycle.
[n Ten] people [v waiting] for [n a] bus.
[n A] [c purple] flower [p in] [n a] vase. |s
[n A] horse [v pulling] [n a] cart.
[n A] man [v kicking] [n a] soccer ball.
[n A] cat [v looking] [p out of] [n a] window. |s
[n A] fire hydrant [p on] [n a] street corner. |s
[n A] toilet [p next to] [n a] bathtub. |s
[n A] girl [v smiling] at the camera.
[n A] man [v talking] to [n a] woman.
[n Two] elephants [v drinking] water from [n a] river.
[n A] [c red] kite [p in] [n a] [c blue] sky. |s
[n A] [c white] refrigerator [p in] [n a] kitchen. |s
[n A] boat [p on] [n a] lake [p near] mountains. |s
[n A] young man [v running] [p on] [n a] track. |s
[n A] pile of books [p on] [n a] shelf.
[n A] [c brown] teddy bear [p on] [n a] bed. |s
[n A] dog [v jumping] [p into] [n a] pool. |s
[n Three] sheep [p in] [n a] field. |s
[n A] woman [v painting] at [n an] easel.
[n A] man [v drinking] [n a] beer.
[n A] train [v crossing] [n a] bridge.
[n A] cat [v sitting] [p outside] [n a] door. |s
[n A] bowl with [n an] orange and [n a] banana.
[n A] giraffe [v eating] leaves from [n a] tree.
[n A] [c yellow] school bus [p on] [n a] road. |s
[n An] airplane [v parked] [p on] the runway. |s
[n A] man [v climbing] [n a] rocky mountain.
[n Nine] [c green] bottles [p on] [n a] wall. |s
[n A] small dog [p in] [n a] [c red] sweater. |s
[n A] person [v surfing] [n a] large wave.
[n A] child [v feeding] [n a] goat.
[n A] man [v carrying] [n a] bag [p on] his back. |s
[n A] woman [v laughing] with friends.
[n A] [c white] cup [p beside] [n a] [c black] keyboard. |s
[n A] dog [v sleeping] [p near] the fireplace. |s
[n A] [c blue] chair [p in] [n an] empty room. |s
[n A] bicycle [v leaning] [p against] [n a] wall. |s
A couple [v walking] [p on] the beach. |s
[n A] [c green] truck [p in front of] [n a] house. |s
[n Two] horses [v running] [p in] [n a] field. |s
[n A] laptop and [n a] mouse [p on] [n a] desk. |s
[n A] man [v throwing] [n a] ball to [n a] dog.
[n A] woman [v opening] [n a] door.
[n A] boy [v writing] [p on] [n a] chalkboard. |s
[n A] [c red] umbrella [p above] [n a] [c white] table. |s
[n A] chef [v cooking] [p in] [n a] restaurant. |s
[n A] pizza [p in] [n a] box. |s
[n Seven] cars [v parked] [p on] [n a] street. |s
[n A] penguin [v standing] [p on] ice.
[n A] cat [v sitting] [p below] [n a] window. |s
[n A] man [v waving] at [n a] crowd.
[n A] parrot [v sitting] [p on] [n a] man's shoulder. |s
[n A] toddler [v crying] [p in] [n a] stroller. |s
[n A] lamp [p on] [n a] nightstand [p beside] [n a] bed. |s
[n A] [c gold] watch [p on] [n a] [c black] cloth. |s
[n A] woman [v reading] [n a] newspaper.
[n A] [c red] barn [p behind] [n a] [c white] fence. |s
[n Two] girls [v hugging] [p in] [n a] park. |s
[n A] skier [v standing] [p at the top of] [n a] slope. |s
[n A] horse [v standing] [p beneath] [n a] tree. |s
[n A] donut with [c pink] frosting.
[n A] man [v pushing] [n a] cart.
[n A] car [p on the left side of] [n a] road. |s
[n A] bench [p underneath] [n a] tree. |s
[n A] dog [v sitting] [p to the left of] [n a] cat. |s
[n A] cat [v sitting] [p to the right of] [n a] dog. |s
[n A] [c red] square [p left of] [n a] [c blue] circle. |s
[n Two] [c green] triangles [p above] [n a] [c yellow] diamond. |s
[n A] large [c purple] circle [p below] [n a] small [c orange] square. |s
[n Three] [c blue] squares
[n A] [c red] circle and no [c green] triangle |s
[n A] [c yellow] diamond [p right of] [n two] [c red] circles. |s
[n Four] [c orange] triangles
[n A] small [c green] square [p above] [n a] [c purple] diamond. |s
[n A] man is [x not] [v wearing] [n a] hat.
[n A] woman [x without] [n an] umbrella [v walking] [p in] the rain. |s
Nobody is [v sitting] [p on] the bench.
[n A] phone [p on] [n a] table. |s
[n A] boy [v kicking] [n a] ball [p into] [n a] net. |s
[n A] fridge filled with food.
[n A] [c white] dog [v running] [p on] snow.
[n A] man [v walking] [p across] [n a] street. |s
[n A] bear [v climbing] [n a] tree.
[n A] woman [v serving] food to guests.
[n Two] trains at [n a] station.
[n A] boy and his dog [v playing] [p in] the snow. |s
[n A] [c brown] horse and [n a] [c white] horse [p in] [n a] field. |s
[n A] cat [v drinking] milk from [n a] bowl.
[n A] [c black] cat [p on] [n a] [c red] car. |s
[n A] hot dog with mustard.
[n A] desk with [n two] monitors.
[n A] man [v sitting] [p on] [n a] horse. |s
[n A] [c yellow] fire hydrant [p next to] [n a] tree. |s
[n A] girl [v jumping] rope.
[n A] woman [v carrying] [n a] basket [p on] her head. |s
[n A] dog [v catching] [n a] frisbee.
[n A] kitchen counter with [n three] bananas.
[n A] cat [v lying] [p inside] [n a] suitcase. |s
[n A] [c red] truck [v driving] [p on] [n a] highway. |s
[n Two] boys [v swimming] [p in] [n a] lake. |s
[n A] man [v riding] [n a] skateboard [p down] [n a] ramp. |s
[n A] [c white] bowl [p on] [n a] wooden table. |s
[n A] cat [v sitting] [p on] [n a] [c blue] rug. |s
[n A] woman [v standing] [p in front of] [n a] mirror. |s
[n A] boat [v floating] [p on] the water. |s
[n A] dog with [n a] [c red] collar.
[n An] [c orange] cat [v sleeping].
[n A] bird [v flying] [p over] [n a] lake. |s
[n A] man [v standing] [p next to] [n a] [c yellow] car. |s
[n A] plate with broccoli and rice.
[n A] snowboarder [p in] the air. |s
A couple [v sitting] [p on] [n a] [c green] bench. |s
[n A] police officer [v riding] [n a] motorcycle.
[n A] tray of cookies [p in] [n an] oven.
[n Two] [c red] chairs [p beside] [n a] pool. |s
[n A] man [v holding] [n a] baby.
[n A] bear [v standing] [p in] [n a] river. |s
[n A] baseball player [v swinging] [n a] bat.
[n A] cow [v lying] [p on] the grass. |s
[n A] cat [p under] [n a] [c white] blanket. |s
[n A] woman [v drinking] tea at [n a] cafe.
[n A] monkey [v sitting] [p in] [n a] tree. |s
[n A] [c white] toilet [p in] [n a] small bathroom. |s
[n Twelve] donuts [p in] [n a] box. |s
[n A] man [v running] [p behind] [n a] bus. |s
[n A] woman [v sitting] between [n two] dogs.
[n A] [c green] bottle [p on top of] [n a] [c red] box. |s
[n Two] kids [v sitting] [p on] [n a] [c yellow] slide. |s
[n A] puppy [v sleeping] [p next to] [n a] kitten. |s
[n A] [c blue] boat [p under] [n a] bridge. |s
[n A] dog that [x isn't] [v running].
The children are [x not] [v playing] [p in] the snow.
[n A] street [x without] cars.
[n A] man who is [x not] [v smiling].
`;

export interface CorpusCase {
  text: string;
  marks: Record<'c' | 'n' | 'p' | 'v' | 'x', string[]>;
  swap: boolean;
}

/** Parse the corpus: the caption without marks, what each mark names, and whether a swap applies. */
export function corpusCases(): CorpusCase[] {
  return RULE_CORPUS.trim()
    .split('\n')
    .map((line) => {
      const swap = /\|s\s*$/.test(line);
      const body = line.replace(/\s*\|s\s*$/, '');
      const marks: CorpusCase['marks'] = { c: [], n: [], p: [], v: [], x: [] };
      const text = body.replace(/\[([cnpvx]) ([^\]]+)\]/g, (_, k: keyof CorpusCase['marks'], w: string) => (marks[k].push(w), w));
      return { text, marks, swap };
    });
}
