"""Article texts of the fixture web that are not taken from the seed files."""

OFF_TOPIC_KERO = """BAKERSFIELD, Calif. (KERO) — A record field of more than 2,400 runners lined up on Truxtun Avenue early Sunday for the Kern County Half Marathon, now in its twelfth year.
The course took runners along the Kern River Parkway bike path before looping back downtown, where families cheered from the sidewalks with handmade signs and cowbells.
Race director Tom Whitfield said cool morning temperatures helped several runners set personal records, and the winning time of 1:08:41 broke the course record by almost a minute.
"We had perfect weather and a great crowd. This is the best turnout we've ever had," Whitfield said.
Proceeds from the race support youth track programs at Kern High School District campuses.
Organizers say registration for next year's race opens in June."""

VALLEY_RUNNER = """Hundreds of runners wound through Los Angeles on a humid July morning for the 15-mile Run Against ICE, a protest run that started in Koreatown and ended at Placita Olvera.
Marcus Reyes, a coach with the Eastside Striders running club, helped set the pace for the slower groups at the back of the pack.
"We wanted nobody left behind today. If you came to run with us, you finish with us," Reyes said.
He added that the club had trained for the distance for six weeks. "Some of these folks had never run more than a 5K," he said. "Today they ran fifteen miles."
Runner Priya Natarajan, 29, wore a T-shirt that read "Run Like Your Neighbors Depend On It" and carried a small flag.
"I'm not from here, but this is my city now," said Natarajan. "When people in my building stopped going to work because they were afraid, I knew I had to show up."
The Coalition for Humane Immigrant Rights of Los Angeles, known as CHIRLA, helped organize water stations along the route as part of its "Summer of Resistance" campaign.
"Every mile is a reminder that our communities are not alone," the coalition said in a statement.
According to CHIRLA, more than 600 people registered for the run in the week before it started.
Along the way, a group of drummers played outside a shuttered market, and some runners sang "This Land Is Your Land" as they passed the detention center downtown.
Organizer Dana Whitaker told reporters: "The raids have turned ordinary errands into something people fear. We run in the open so they don't have to hide."
Whitaker said the route was chosen to pass neighborhoods hit hardest by the raids. "We picked every street on purpose," she explained, "because every street has a story."
"It's the '90s all over again for some of the older folks here," one runner said, pointing to a group of grandmothers walking the last mile.
Reyes, who is 5'10" and ran the whole distance in sandals, laughed when asked about his shoes.
"My feet hurt, but my heart feels full," he said.
"We will be back next summer,
"and we will bring twice as many runners," Whitaker said."""

ES_BAKERSFIELD = """BAKERSFIELD, 1 de marzo de 2026 — Decenas de corredores se reunieron el sábado en Hart Park para la segunda edición de la "Carrera contra ICE", una carrera de 5 kilómetros organizada por un club local de corredoras.
Entre los participantes estaba Rosa Elena Medina, maestra de primaria y madre de tres hijos, quien llegó con toda su familia.
"Vinimos porque nuestros vecinos tienen miedo de salir a la calle", dijo Medina.
La corredora agregó que sus hijos hicieron los carteles la noche anterior. "Ellos saben lo que está pasando y quieren ayudar", afirmó.
Javier Castañeda, estudiante de la Universidad Estatal de California en Bakersfield, corrió con una bandera de Oaxaca sobre los hombros.
—Corremos para que nadie se sienta solo —dijo Castañeda—. Esta comunidad es más fuerte cuando se une.
Castañeda explicó que supo del evento por las redes sociales: «Vi la publicación y no lo pensé dos veces».
Los organizadores repartieron agua y fruta al final del recorrido, y varios voluntarios ofrecieron información sobre los derechos de los inmigrantes.
"Aquí nadie pregunta de dónde eres. Aquí todos corremos juntos", comentó una voluntaria que pidió no ser identificada.
Según el grupo organizador, más de 150 personas se inscribieron este año, el doble que en la primera edición.
"El año que viene queremos llegar a 300 corredores", aseguró Medina, "y queremos que vengan más escuelas."
La carrera terminó sin incidentes poco antes del mediodía."""

ES_LOS_ANGELES = """LOS ÁNGELES — Cientos de personas participaron en la "Carrera contra ICE", un recorrido de 15 millas que salió de Koreatown y terminó en la Placita Olvera como protesta contra las redadas migratorias.
La carrera formó parte del "Verano de Resistencia", una serie de actividades convocadas por la Coalición por los Derechos Humanos de los Inmigrantes de Los Ángeles (CHIRLA).
"Cada paso que damos es por las familias que han sido separadas", expresó la coalición en un comunicado.
Guadalupe Ortiz, de 52 años, caminó buena parte del trayecto junto a su nieta.
«Yo llegué a este país hace treinta años y nunca había sentido tanto miedo como ahora», contó Ortiz.
Ortiz señaló que su hermano fue detenido en junio. "No sabemos cuándo lo vamos a volver a ver", dijo.
Ella añadió: "Por eso camino. Para que sepan que no estamos solos".
Andrés Villalobos, corredor y entrenador de un club de Boyle Heights, encabezó el grupo más rápido.
—Hoy no importa el tiempo —señaló Villalobos—. Importa que llegamos todos juntos.
Algunos participantes llevaban camisetas con la frase "Corre sin miedo" y otros cantaban "La Bamba" al pasar por Chinatown.
"Mucha gente nos aplaudió desde las banderas de los edificios y desde los autos", relató una corredora.
Villalobos explicó que el club entrena tres veces por semana en el parque Hollenbeck. "Nuestros corredores son cocineros, jardineros, estudiantes", indicó.
"Muchos de ellos trabajan de noche
"y aun así vinieron a correr con nosotros", agregó Villalobos.
De acuerdo con CHIRLA, la próxima actividad será una vigilia frente al Centro de Detención Metropolitano."""

ES_OFF_TOPIC = """BAKERSFIELD — El mercado de agricultores del centro de Bakersfield celebró el domingo su décimo aniversario con música en vivo, puestos de comida y actividades para niños.
Más de cuarenta productores del Valle de San Joaquín ofrecieron frutas, verduras y flores de temporada.
La administradora del mercado, Lucía Herrera, dijo que la asistencia superó todas las expectativas.
"Nunca habíamos tenido tanta gente un domingo por la mañana", dijo Herrera.
El mercado abre todos los domingos de 8 de la mañana a 1 de la tarde en la calle 19."""

SANTA_ANA = """SANTA ANA — About 300 runners and walkers looped through downtown Santa Ana on Saturday morning in the city’s first Run Against ICE, a 10K that organizers said was meant to show that immigrant neighborhoods will not hide.
The run was organized by Corre Santa Ana, a running club founded in 2019 by high school teacher Elena Vargas, and started and ended at the Santa Ana Civic Center, a few blocks from where the city declared itself a “sanctuary city” in 2017.
“We run these streets every week, so we know who is missing,” Vargas said. “Since June, some of our members haven’t come back.”
She said the club had lost nearly a third of its regular runners over the summer, and that several had moved in with relatives in other states.
Vargas recalled the morning in June when federal agents detained a street vendor two blocks from the club’s meeting spot. “Nobody knew what to do. We just stood there,” she recalled. “I told myself that would not happen again.”
City Councilmember Thai Nguyen ran the course in a borrowed pair of shoes. “Santa Ana is a city of immigrants, and today the whole city showed up for them,” Nguyen told the crowd at the finish line.
Some runners wore shirts printed with the words “Aquí Estamos” and many carried signs reading “Families Belong Together.”
“I brought my daughter because I want her to remember that people stood up,” said Marisol Fuentes, a nurse who pushed a running stroller the whole way.
Fuentes said her neighbor, a day laborer, was detained outside a hardware store in July. “He has three kids. Every morning the little one asks me, ‘Is Papi coming home today?’” she said.
The Orange County Rapid Response Network staffed a table near the finish with know-your-rights cards in English, Spanish and Vietnamese. “People need to know they have the right to remain silent and the right to a lawyer,” the network said in a statement posted after the run.
A spokesperson for Immigration and Customs Enforcement did not respond to a request for comment. The agency’s operations target “public safety threats and those who have violated immigration law,” according to a statement ICE released in June.
Organizers said they chose a 10K because it is long enough to feel like a challenge but short enough for beginners.
“Nobody here is fast,” said Luis Ortega, 41, laughing as he crossed the line after an hour and twenty minutes. “But nobody quit, either.”
Ortega, a cook at a restaurant on Fourth Street, said he had never entered a race before. His coworkers, he said, “kept asking me why I was training so early in the morning.”
Vargas closed the morning with a short speech from the back of a pickup truck, stating, “We are not going anywhere. This is our home, and we will keep running until every family is whole.”
The club plans to hold the run again next summer and has started a waiting list for a beginners’ training group.
“If you can walk, you can do this,” Vargas added."""

NIGHT_RUNNERS = """LOS ANGELES — Runners in Los Angeles have turned a long Saturday run into a protest against immigration raids, covering 15 miles from Koreatown to the federal detention centre downtown in what organisers called a Run Against ICE.
The run was led by Tomás Herrera-Kim, who founded the Wilshire Night Runners club in 2021 and has spent the summer organising weekly group runs through neighbourhoods where arrests have taken place.
‘We wanted to show that we are not afraid to be seen,’ Herrera-Kim said after the run. ‘The people being taken are our neighbours, our co-workers, the people who make this city work.’
He said about 200 people set off at dawn, a number that grew along the route as others joined from the pavement.
Among them was Ana Lucía Beltrán, a 34-year-old paralegal, who ran with a photograph of her uncle pinned to her vest. Her uncle, she said, was detained in June at a car wash in the San Fernando Valley.
‘He called me from the detention centre and said, “Don’t stop living your life because of this,”’ Beltrán said. ‘So I’m running.’
The Department of Homeland Security has said its operations in Los Angeles are aimed at people who pose a threat to public safety.
A DHS spokesperson said in an emailed statement: ‘Any suggestion that ICE is targeting runners or peaceful protesters is false.’
Runners wore shirts reading ‘ICE out of LA’ and carried signs reading ‘No human is illegal’ as they passed City Hall.
Herrera-Kim said the club had no plans to turn the run into a race. ‘Nobody gets a medal,’ he said, ‘and nobody gets left behind.’
The route passed through Chinatown, where shop owners handed out bottles of water, and ended outside the detention centre on Alameda Street.
‘I’ve run marathons in Chicago and Boston, and none of them felt like this,’ said Grace Park, who joined the club in 2022. ‘This one meant something.’
The Coalition for Humane Immigrant Rights, which helped organise water stations, has counted more than 1,000 arrests in the region since June.
‘These are not criminals. They are gardeners, cooks and mothers,’ the group said.
The club plans a second run in August."""

ES_FRESNO = """FRESNO — Más de 200 personas, muchas de ellas trabajadores agrícolas, participaron el domingo en la primera "Carrera contra ICE" de Fresno, un recorrido de 5 kilómetros por el parque Roeding organizado por el colectivo Raíces en Movimiento.
“Aquí la gente trabaja de sol a sol y aun así vino a correr”, dijo Marisela Gutiérrez, fundadora del colectivo. “Eso lo dice todo”.
Gutiérrez explicó que la idea surgió después de que agentes federales detuvieron a dos trabajadores en un campo de uvas cerca de Selma en agosto.
“Nos dimos cuenta de que el miedo estaba ganando. La gente ya no iba ni a la tienda”, recordó.
Entre los corredores estaba Efraín Solís, de 63 años, que trabaja en la cosecha de almendras desde hace cuatro décadas.
Solís caminó los cinco kilómetros con su esposa. “Yo no corro, pero camino rápido”, dijo entre risas. “Mis nietos me dijeron: ‘Abuelo, tú tienes que ir’”.
La organización Fresno Inmigrante Unido instaló una mesa con información legal al final del recorrido. “Nadie tiene que abrir la puerta sin una orden firmada por un juez”, señaló el grupo en sus redes sociales.
La alcaldía de Fresno no respondió a una solicitud de comentarios.
Para Daniela Ríos, estudiante de enfermería en la Universidad Estatal de Fresno, la carrera fue también una forma de sanar.
—A mi papá lo deportaron cuando yo tenía 12 años —dice Ríos—. Hoy corrí por él y por todas las familias que siguen esperando.
Según Gutiérrez, el colectivo ya prepara una segunda edición para la primavera: “Queremos que sea en el centro, frente al edificio federal”.
Algunos corredores llevaban carteles con el lema "Fresno es santuario" y otros cantaban "De colores" al cruzar la meta.
"Esto apenas empieza", aseguró Gutiérrez al final del evento.
«No vamos a dejar de correr mientras haya familias con miedo», afirmó por su parte el pastor Ramón Estrada, de la iglesia San Judas, quien bendijo a los corredores antes de la salida."""
