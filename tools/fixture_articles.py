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
