"""Demo content for ``manage.py seed_demo``: the centre's regions, countries, themes,
programmes, member organisations and campaigns.

Organisation names are generic inventions for demonstration, not real organisations.
Amounts are in minor units (öre, cents). Campaign dates are offsets in days from
the day the command runs, so the demo always has open campaigns.
"""

REGIONS = [
    # slug, Swedish, English
    ("western-balkans", "Västra Balkan", "Western Balkans"),
    ("eastern-europe", "Östeuropa", "Eastern Europe"),
    ("middle-east-north-africa", "Mellanöstern och Nordafrika", "Middle East and North Africa"),
    ("africa", "Afrika", "Africa"),
    ("asia", "Asien", "Asia"),
    ("latin-america", "Latinamerika", "Latin America"),
]

COUNTRIES = [
    # code, Swedish, English, region slug
    ("AL", "Albanien", "Albania", "western-balkans"),
    ("BA", "Bosnien och Hercegovina", "Bosnia and Herzegovina", "western-balkans"),
    ("XK", "Kosovo", "Kosovo", "western-balkans"),
    ("MK", "Nordmakedonien", "North Macedonia", "western-balkans"),
    ("RS", "Serbien", "Serbia", "western-balkans"),
    ("BY", "Belarus", "Belarus", "eastern-europe"),
    ("GE", "Georgien", "Georgia", "eastern-europe"),
    ("MD", "Moldavien", "Moldova", "eastern-europe"),
    ("UA", "Ukraina", "Ukraine", "eastern-europe"),
    ("IQ-KR", "Irakiska Kurdistan", "Iraqi Kurdistan", "middle-east-north-africa"),
    ("LB", "Libanon", "Lebanon", "middle-east-north-africa"),
    ("PS", "Palestina", "Palestine", "middle-east-north-africa"),
    ("TN", "Tunisien", "Tunisia", "middle-east-north-africa"),
    ("TR", "Turkiet", "Turkey", "middle-east-north-africa"),
    ("EH", "Västsahara", "Western Sahara", "middle-east-north-africa"),
    ("CD", "Demokratiska republiken Kongo", "Democratic Republic of Congo", "africa"),
    ("SZ", "Eswatini", "eSwatini", "africa"),
    ("NA", "Namibia", "Namibia", "africa"),
    ("SO", "Somalia", "Somalia", "africa"),
    ("ZA", "Sydafrika", "South Africa", "africa"),
    ("ZW", "Zimbabwe", "Zimbabwe", "africa"),
    ("MM", "Myanmar", "Myanmar", "asia"),
    ("PH", "Filippinerna", "Philippines", "asia"),
    ("AR", "Argentina", "Argentina", "latin-america"),
    ("BR", "Brasilien", "Brazil", "latin-america"),
    ("CL", "Chile", "Chile", "latin-america"),
    ("CO", "Colombia", "Colombia", "latin-america"),
    ("CR", "Costa Rica", "Costa Rica", "latin-america"),
    ("DO", "Dominikanska republiken", "Dominican Republic", "latin-america"),
    ("PY", "Paraguay", "Paraguay", "latin-america"),
    ("UY", "Uruguay", "Uruguay", "latin-america"),
]

THEMES = [
    ("labour-rights", "Arbetsrätt", "Labour rights"),
    ("gender-equality", "Jämställdhet", "Gender equality"),
    ("democracy-human-rights", "Demokrati och mänskliga rättigheter", "Democracy and human rights"),
    ("peace-dialogue", "Fred och dialog", "Peace and dialogue"),
    ("climate-just-transition", "Klimat och rättvis omställning", "Climate and a just transition"),
    ("citizen-participation", "Medborgarinflytande", "Citizen participation"),
]

PROGRAMMES = [
    {
        "slug": "western-balkans",
        "title_sv": "Västra Balkan-programmet",
        "title_en": "Western Balkans programme",
        "summary_sv": (
            "I Albanien, Kosovo och Serbien arbetar vi med fackförbund och "
            "medborgarinitiativ för schyssta villkor i arbetslivet och för att vanliga "
            "människor ska få inflytande över beslut som rör dem.\n\n"
            "Programmet stärker facklig organisering i textil-, gruv- och tjänstesektorn, "
            "utbildar kvinnor för förtroendeuppdrag och stöttar lokala grupper som granskar "
            "hur kommunerna använder gemensamma resurser."
        ),
        "summary_en": (
            "In Albania, Kosovo and Serbia we work with trade unions and citizens' "
            "initiatives for decent conditions at work and for ordinary people to have "
            "a say over the decisions that affect them.\n\n"
            "The programme strengthens union organising in textiles, mining and services, "
            "trains women for elected positions and supports local groups that scrutinise "
            "how municipalities use common resources."
        ),
        "partners_sv": (
            "Oberoende fackliga centralorganisationer i Albanien, Kosovo och Serbien\n"
            "Kvinnonätverk inom fackföreningsrörelsen\n"
            "Lokala medborgarinitiativ i ett tiotal kommuner"
        ),
        "partners_en": (
            "Independent trade union confederations in Albania, Kosovo and Serbia\n"
            "Women's networks within the trade union movement\n"
            "Local citizens' initiatives in some ten municipalities"
        ),
        "region": "western-balkans",
        "countries": ["AL", "XK", "RS"],
        "themes": ["labour-rights", "citizen-participation", "gender-equality"],
        "starts_on": "2022-01-01",
        "ends_on": "2026-12-31",
    },
    {
        "slug": "eastern-europe",
        "title_sv": "Östeuropaprogrammet",
        "title_en": "Eastern Europe programme",
        "summary_sv": (
            "I Ukraina, Moldavien, Georgien och bland belarusiska fackföreningar i exil "
            "stöttar vi demokratiska krafter och fria fackförbund som försvarar "
            "arbetstagares rättigheter i krig, kris och förtryck."
        ),
        "summary_en": (
            "In Ukraine, Moldova, Georgia and among Belarusian unions in exile we support "
            "democratic forces and free trade unions defending workers' rights through "
            "war, crisis and repression."
        ),
        "partners_sv": "Fria fackförbund och demokratiorganisationer i regionen",
        "partners_en": "Free trade unions and democracy organisations in the region",
        "region": "eastern-europe",
        "countries": ["BY", "GE", "MD", "UA"],
        "themes": ["democracy-human-rights", "labour-rights", "gender-equality"],
        "starts_on": "2023-01-01",
        "ends_on": None,
    },
    {
        "slug": "middle-east-north-africa",
        "title_sv": "Mellanöstern och Nordafrika",
        "title_en": "Middle East and North Africa",
        "summary_sv": (
            "Från Tunisien till Irakiska Kurdistan stöttar vi fackliga organisationer, "
            "kvinnorörelser och unga aktivister som arbetar för demokrati, jämställdhet "
            "och fredlig konfliktlösning i en region präglad av ockupation och kriser."
        ),
        "summary_en": (
            "From Tunisia to Iraqi Kurdistan we support unions, women's movements and "
            "young activists working for democracy, gender equality and peaceful "
            "resolution of conflicts in a region marked by occupation and crises."
        ),
        "partners_sv": "Fackförbund, kvinnoorganisationer och kooperativ i sex länder",
        "partners_en": "Trade unions, women's organisations and cooperatives in six countries",
        "region": "middle-east-north-africa",
        "countries": ["IQ-KR", "LB", "PS", "TN", "TR", "EH"],
        "themes": ["democracy-human-rights", "gender-equality", "peace-dialogue"],
        "starts_on": "2021-01-01",
        "ends_on": None,
    },
    {
        "slug": "southern-africa",
        "title_sv": "Södra Afrika",
        "title_en": "Southern Africa",
        "summary_sv": (
            "I Sydafrika, Namibia, Zimbabwe och Eswatini arbetar vi med fackförbund för "
            "rättvisa löner, säkra arbetsplatser och en klimatomställning där gruv- och "
            "energiarbetare inte lämnas efter."
        ),
        "summary_en": (
            "In South Africa, Namibia, Zimbabwe and eSwatini we work with unions for fair "
            "wages, safe workplaces and a climate transition that does not leave mine and "
            "energy workers behind."
        ),
        "partners_sv": "Fackliga centralorganisationer och branschförbund i fyra länder",
        "partners_en": "Trade union confederations and sector unions in four countries",
        "region": "africa",
        "countries": ["ZA", "NA", "ZW", "SZ"],
        "themes": ["labour-rights", "climate-just-transition", "gender-equality"],
        "starts_on": "2022-01-01",
        "ends_on": "2027-12-31",
    },
    {
        "slug": "peace-congo-somalia",
        "title_sv": "Fred och demokrati i Kongo och Somalia",
        "title_en": "Peace and democracy in Congo and Somalia",
        "summary_sv": (
            "I Demokratiska republiken Kongo och Somalia stöttar vi lokala "
            "fredsbyggare, kvinnogrupper och unga som skapar dialog över konfliktlinjer."
        ),
        "summary_en": (
            "In the Democratic Republic of Congo and Somalia we support local "
            "peacebuilders, women's groups and young people creating dialogue across "
            "conflict lines."
        ),
        "partners_sv": "Lokala freds- och kvinnoorganisationer",
        "partners_en": "Local peace and women's organisations",
        "region": "africa",
        "countries": ["CD", "SO"],
        "themes": ["peace-dialogue", "democracy-human-rights"],
        "starts_on": "2023-07-01",
        "ends_on": None,
    },
    {
        "slug": "asia",
        "title_sv": "Asienprogrammet",
        "title_en": "Asia programme",
        "summary_sv": (
            "I Filippinerna och Myanmar stöttar vi fackförbund som organiserar "
            "hushållsarbetare, textilarbetare och arbetare i den informella ekonomin, "
            "och demokratirörelser som står upp mot militärt styre."
        ),
        "summary_en": (
            "In the Philippines and Myanmar we support unions organising domestic "
            "workers, garment workers and workers in the informal economy, and democracy "
            "movements standing up to military rule."
        ),
        "partners_sv": "Fackförbund och demokratirörelser, en del verksamma i exil",
        "partners_en": "Trade unions and democracy movements, some working in exile",
        "region": "asia",
        "countries": ["MM", "PH"],
        "themes": ["labour-rights", "democracy-human-rights", "peace-dialogue"],
        "starts_on": "2021-01-01",
        "ends_on": None,
    },
    {
        "slug": "latin-america",
        "title_sv": "Latinamerikaprogrammet",
        "title_en": "Latin America programme",
        "summary_sv": (
            "Från Colombia till Uruguay samarbetar vi med fackförbund, bondeorganisationer "
            "och sociala rörelser för arbetsrätt, demokrati och en rättvis klimatomställning."
        ),
        "summary_en": (
            "From Colombia to Uruguay we work with trade unions, peasant organisations and "
            "social movements for labour rights, democracy and a just climate transition."
        ),
        "partners_sv": "Fackförbund, bondeorganisationer och sociala rörelser i åtta länder",
        "partners_en": (
            "Trade unions, peasant organisations and social movements in eight countries"
        ),
        "region": "latin-america",
        "countries": ["AR", "BR", "CL", "CO", "CR", "DO", "PY", "UY"],
        "themes": ["labour-rights", "democracy-human-rights", "climate-just-transition"],
        "starts_on": "2022-01-01",
        "ends_on": None,
    },
]

ORGANISATIONS = [
    # slug, name, kind
    ("fackliga-centralorganisationen", "Fackliga centralorganisationen", "trade_union"),
    ("arbetarpartiet", "Arbetarpartiet", "party"),
    ("arbetarnas-bildningsforbund", "Arbetarnas bildningsförbund", "study_association"),
    ("hyresgasternas-riksforbund", "Hyresgästernas riksförbund", "tenants"),
    ("arbetarrorelsens-barn-och-unga", "Arbetarrörelsens barn och unga", "youth"),
    ("folkets-konsumentforening", "Folkets konsumentförening", "cooperative"),
    ("vard-och-omsorgsarbetarnas-forbund", "Vård- och omsorgsarbetarnas förbund", "trade_union"),
]


def impact_amounts(*rows: tuple[int, str, str]) -> list[dict[str, object]]:
    """Suggested amounts as stored: (minor units, Swedish impact line, English impact line)."""
    return [
        {"amount_minor": amount, "impact_sv": impact_sv, "impact_en": impact_en}
        for amount, impact_sv, impact_en in rows
    ]


CAMPAIGNS = [
    {
        "slug": "fair-wages-western-balkans",
        "status": "published",
        "is_featured": True,
        "programme": "western-balkans",
        "countries": ["AL", "XK", "RS"],
        "organisation": "fackliga-centralorganisationen",
        "goal_minor": 50_000_000,
        "currency": "SEK",
        "suggested_amounts": impact_amounts(
            (10_000, "betalar en dags lönekartläggning", "pays for a day of wage mapping"),
            (25_000, "utbildar ett arbetsplatsombud", "trains a workplace representative"),
            (50_000, "ger en fabrik juridisk rådgivning", "gives one factory legal advice"),
        ),
        "starts_in_days": -120,
        "ends_in_days": None,
        "title_sv": "Rättvisa löner i Västra Balkans fabriker",
        "title_en": "Fair wages in the factories of the Western Balkans",
        "summary_sv": (
            "Hjälp textilarbetare i Albanien, Kosovo och Serbien att organisera sig och förhandla "
            "om löner att leva på."
        ),
        "summary_en": (
            "Help garment workers in Albania, Kosovo and Serbia organise and bargain for wages "
            "they can live on."
        ),
        "story_sv": (
            "Arta syr jeans för europeiska märken i en fabrik utanför Tirana. Efter tio "
            "timmar vid maskinen räcker lönen ändå inte till hyra och mat för månaden.\n\n"
            "Tillsammans med oberoende fackförbund i regionen utbildar vi arbetsplatsombud, "
            "kartlägger löner och stöttar förhandlingar med arbetsgivarna. Där facket är "
            "starkt har lönerna redan höjts och övertiden börjat betalas ut.\n\n"
            "Din gåva betalar utbildningar, juridisk rådgivning och resor så att ombuden "
            "kan nå fler arbetsplatser."
        ),
        "story_en": (
            "Arta sews jeans for European brands in a factory outside Tirana. After ten "
            "hours at the machine her wage still does not cover rent and food for the month.\n\n"
            "Together with independent unions in the region we train shop stewards, map "
            "wages and support negotiations with employers. Where the union is strong, wages "
            "have already gone up and overtime is being paid.\n\n"
            "Your gift pays for training, legal advice and travel so that the stewards can "
            "reach more workplaces."
        ),
    },
    {
        "slug": "young-voices-kosovo-serbia",
        "status": "published",
        "is_featured": False,
        "programme": "western-balkans",
        "countries": ["XK", "RS"],
        "organisation": "arbetarrorelsens-barn-och-unga",
        "goal_minor": 15_000_000,
        "currency": "SEK",
        "suggested_amounts": impact_amounts(
            (10_000, "en ungdom går en helgkurs", "one young person joins a weekend course"),
            (25_000, "ett möte över gränsen", "one meeting across the border"),
            (50_000, "ett läger för tio ungdomar", "a camp for ten young people"),
        ),
        "starts_in_days": -60,
        "ends_in_days": 90,
        "title_sv": "Unga röster i Kosovo och Serbien",
        "title_en": "Young voices in Kosovo and Serbia",
        "summary_sv": (
            "Ge unga i Kosovo och Serbien möjlighet att mötas, påverka sina kommuner och bygga "
            "förtroende över gränsen."
        ),
        "summary_en": (
            "Give young people in Kosovo and Serbia the chance to meet, influence their "
            "municipalities and build trust across the border."
        ),
        "story_sv": (
            "Många unga i Kosovo och Serbien har aldrig träffat någon från andra sidan "
            "gränsen. Misstron ärvs från generation till generation.\n\n"
            "I sommarläger och lokala ungdomsråd får unga lära sig hur kommunen fattar "
            "beslut och hur man driver en fråga hela vägen. De gör det tillsammans.\n\n"
            "Med din gåva kan fler ungdomsgrupper starta och fler unga få en röst."
        ),
        "story_en": (
            "Many young people in Kosovo and Serbia have never met anyone from the other "
            "side of the border. Distrust is handed down from one generation to the next.\n\n"
            "At summer camps and in local youth councils young people learn how their "
            "municipality takes decisions and how to carry an issue all the way. They do it "
            "together.\n\n"
            "With your gift more youth groups can start and more young people get a voice."
        ),
    },
    {
        "slug": "women-lead-albanian-unions",
        "status": "in_review",
        "is_featured": False,
        "programme": "western-balkans",
        "countries": ["AL"],
        "organisation": "arbetarnas-bildningsforbund",
        "goal_minor": 12_000_000,
        "currency": "SEK",
        "suggested_amounts": impact_amounts(
            (
                10_000,
                "en kvinna går ledarskolan en dag",
                "one woman attends leadership school for a day",
            ),
            (25_000, "en mentor följer en ny ledare", "a mentor supports one new leader"),
            (50_000, "en kurs om förhandling", "one course on bargaining"),
        ),
        "starts_in_days": 0,
        "ends_in_days": 180,
        "title_sv": "Kvinnor tar ledningen i Albaniens fackförbund",
        "title_en": "Women take the lead in Albania's unions",
        "summary_sv": (
            "En ledarskapsskola för kvinnor som vill bli förtroendevalda i sina fackförbund."
        ),
        "summary_en": (
            "A leadership school for women who want to be elected to office in their unions."
        ),
        "story_sv": (
            "Kvinnor är majoritet på golvet i Albaniens textilfabriker men sällsynta i "
            "fackens styrelser.\n\n"
            "Ledarskapsskolan ger dem verktyg att tala inför församlingar, förhandla och "
            "driva krav på säkra arbetsplatser fria från trakasserier."
        ),
        "story_en": (
            "Women are the majority on the floor of Albania's garment factories but rare on "
            "union boards.\n\n"
            "The leadership school gives them the tools to speak at meetings, negotiate and "
            "press for safe workplaces free from harassment."
        ),
    },
    {
        "slug": "just-transition-south-africa",
        "status": "published",
        "is_featured": True,
        "programme": "southern-africa",
        "countries": ["ZA"],
        "organisation": "fackliga-centralorganisationen",
        "goal_minor": 40_000_000,
        "currency": "SEK",
        "suggested_amounts": impact_amounts(
            (10_000, "ett studiematerial om omställning", "study material on the transition"),
            (25_000, "en arbetare utbildas i nya yrken", "one worker trains for a new trade"),
            (50_000, "ett stormöte i en gruvstad", "a mass meeting in a mining town"),
        ),
        "starts_in_days": -30,
        "ends_in_days": 150,
        "title_sv": "En rättvis omställning för Sydafrikas kolarbetare",
        "title_en": "A just transition for South Africa's coal workers",
        "summary_sv": (
            "När kolkraftverken stängs ska arbetarna inte betala priset. Stöd facken som kräver "
            "nya jobb och utbildning."
        ),
        "summary_en": (
            "When the coal plants close, workers must not pay the price. Support the unions "
            "demanding new jobs and training."
        ),
        "story_sv": (
            "I Mpumalanga hänger hela samhällen på kolet. När kraftverken läggs ned "
            "riskerar tiotusentals att förlora sin försörjning.\n\n"
            "Facken kräver att omställningen planeras tillsammans med dem som berörs: "
            "omskolning, nya gröna jobb i regionen och trygghet under tiden.\n\n"
            "Din gåva stärker fackens utredningar, utbildningar och röst i förhandlingarna."
        ),
        "story_en": (
            "In Mpumalanga whole communities depend on coal. As the power stations close, "
            "tens of thousands risk losing their livelihood.\n\n"
            "The unions demand that the transition is planned with the people it affects: "
            "retraining, new green jobs in the region and security in the meantime.\n\n"
            "Your gift strengthens the unions' research, training and voice at the "
            "negotiating table."
        ),
    },
    {
        "slug": "emergency-lebanon",
        "status": "published",
        "is_featured": True,
        "programme": "middle-east-north-africa",
        "countries": ["LB"],
        "organisation": None,
        "goal_minor": 25_000_000,
        "currency": "SEK",
        "suggested_amounts": impact_amounts(
            (20_000, "matkasse till en familj i en vecka", "food for one family for a week"),
            (50_000, "hyra för en familj i en månad", "a month's rent for one family"),
            (100_000, "juridiskt stöd till tio arbetare", "legal aid for ten workers"),
        ),
        "allows_monthly": False,
        "starts_in_days": -14,
        "ends_in_days": 45,
        "title_sv": "Akut stöd till arbetare i Libanon",
        "title_en": "Emergency support for workers in Lebanon",
        "summary_sv": (
            "Kris och krig har slagit ut hundratusentals jobb. Våra partner delar ut mat, "
            "mediciner och rådgivning till drabbade arbetare."
        ),
        "summary_en": (
            "Crisis and war have wiped out hundreds of thousands of jobs. Our partners hand out "
            "food, medicine and advice to workers hit hardest."
        ),
        "story_sv": (
            "Libanons ekonomi har kollapsat och striderna har drivit hundratusentals från "
            "sina hem. Migrantarbetare och dagavlönade står utan både lön och skydd.\n\n"
            "Våra fackliga partner finns på plats. De delar ut matkassar och mediciner och "
            "hjälper arbetare att kräva ut innestående löner.\n\n"
            "Det här är en insamling för akuta insatser, därför tar vi bara emot engångsgåvor."
        ),
        "story_en": (
            "Lebanon's economy has collapsed and the fighting has driven hundreds of "
            "thousands from their homes. Migrant workers and day labourers are left with "
            "neither wages nor protection.\n\n"
            "Our union partners are on the ground. They hand out food parcels and medicine "
            "and help workers claim unpaid wages.\n\n"
            "This is an emergency appeal, so it takes one-off gifts only."
        ),
    },
    {
        "slug": "women-cooperatives-palestine",
        "status": "published",
        "is_featured": False,
        "programme": "middle-east-north-africa",
        "countries": ["PS"],
        "organisation": "folkets-konsumentforening",
        "goal_minor": 3_000_000,
        "currency": "EUR",
        "suggested_amounts": impact_amounts(
            (1_000, "frön till en kvinnas odling", "seeds for one woman's plot"),
            (2_500, "en dags bokföringskurs", "a day of bookkeeping training"),
            (5_000, "verktyg till ett kooperativ", "tools for one cooperative"),
        ),
        "starts_in_days": -90,
        "ends_in_days": None,
        "title_sv": "Kvinnors kooperativ i Palestina",
        "title_en": "Women's cooperatives in Palestine",
        "summary_sv": "Kooperativen ger kvinnor på Västbanken egen inkomst och en gemensam röst.",
        "summary_en": (
            "The cooperatives give women on the West Bank an income of their own and a common "
            "voice."
        ),
        "story_sv": (
            "I byarna kring Nablus driver kvinnor kooperativ som förädlar oliver, "
            "örter och spannmål.\n\n"
            "Kooperativen ger inkomst när andra jobb saknas, och de är en plats där kvinnor "
            "organiserar sig och driver krav gentemot lokala myndigheter.\n\n"
            "Insamlingen sker i euro tillsammans med våra europeiska systerorganisationer."
        ),
        "story_en": (
            "In the villages around Nablus women run cooperatives that process olives, "
            "herbs and grain.\n\n"
            "The cooperatives bring an income when other jobs are scarce, and they are a "
            "place where women organise and press their demands on local authorities.\n\n"
            "This appeal is in euros, together with our European sister organisations."
        ),
    },
    {
        "slug": "protect-union-defenders-colombia",
        "status": "published",
        "is_featured": False,
        "programme": "latin-america",
        "countries": ["CO"],
        "organisation": "arbetarpartiet",
        "goal_minor": 30_000_000,
        "currency": "SEK",
        "suggested_amounts": impact_amounts(
            (10_000, "en säker telefon till en facklig ledare", "a safe phone for a union leader"),
            (25_000, "dokumentation av ett hot", "documenting one threat"),
            (50_000, "en advokat följer ett fall", "a lawyer follows one case"),
        ),
        "starts_in_days": -200,
        "ends_in_days": None,
        "title_sv": "Skydda fackliga försvarare i Colombia",
        "title_en": "Protect union defenders in Colombia",
        "summary_sv": (
            "Fackligt aktiva i Colombia hotas och mördas. Stöd deras säkerhet och rätt att "
            "organisera sig."
        ),
        "summary_en": (
            "Union activists in Colombia are threatened and killed. Support their safety and their"
            " right to organise."
        ),
        "story_sv": (
            "Colombia är ett av världens farligaste länder att vara fackligt aktiv i.\n\n"
            "Våra partner dokumenterar hot, ger juridiskt stöd och ordnar skyddade "
            "boenden när någon måste fly. De driver också på för att fredsavtalets löften "
            "om landreform och trygghet ska hållas.\n\n"
            "Varje gåva hjälper någon att fortsätta kämpa, i trygghet."
        ),
        "story_en": (
            "Colombia is one of the most dangerous countries in the world to be a union "
            "activist.\n\n"
            "Our partners document threats, give legal support and arrange safe housing "
            "when someone has to flee. They also press for the peace agreement's promises "
            "of land reform and security to be kept.\n\n"
            "Every gift helps someone keep up the struggle, in safety."
        ),
    },
    {
        "slug": "domestic-workers-philippines",
        "status": "published",
        "is_featured": False,
        "programme": "asia",
        "countries": ["PH"],
        "organisation": "vard-och-omsorgsarbetarnas-forbund",
        "goal_minor": 20_000_000,
        "currency": "SEK",
        "suggested_amounts": impact_amounts(
            (
                10_000,
                "en hushållsarbetare lär sig sina rättigheter",
                "one domestic worker learns her rights",
            ),
            (25_000, "en jourtelefon i en vecka", "a helpline for a week"),
            (50_000, "hjälp i ett lönekrav", "support in one wage claim"),
        ),
        "starts_in_days": -45,
        "ends_in_days": 120,
        "title_sv": "Hushållsarbetare organiserar sig i Filippinerna",
        "title_en": "Domestic workers organise in the Philippines",
        "summary_sv": (
            "Miljontals hushållsarbetare saknar avtal och skydd. Hjälp deras fackförbund att växa."
        ),
        "summary_en": (
            "Millions of domestic workers have no contract and no protection. Help their union "
            "grow."
        ),
        "story_sv": (
            "Hushållsarbetare i Manila arbetar ofta sju dagar i veckan, bor hos "
            "arbetsgivaren och har ingen att vända sig till när lönen uteblir.\n\n"
            "Deras eget fackförbund når dem genom grannskapsmöten och sociala medier, och "
            "hjälper dem att få de rättigheter lagen redan ger dem."
        ),
        "story_en": (
            "Domestic workers in Manila often work seven days a week, live with their "
            "employer and have no one to turn to when the wage does not come.\n\n"
            "Their own union reaches them through neighbourhood meetings and social media, "
            "and helps them claim the rights the law already gives them."
        ),
    },
    {
        "slug": "tenants-rebuild-ukraine",
        "status": "published",
        "is_featured": False,
        "programme": "eastern-europe",
        "countries": ["UA"],
        "organisation": "hyresgasternas-riksforbund",
        "goal_minor": 10_000_000,
        "currency": "SEK",
        "suggested_amounts": impact_amounts(
            (10_000, "fönsterplast till en lägenhet", "window sheeting for one flat"),
            (25_000, "en kamin till en familj", "a stove for one family"),
            (50_000, "reparerat tak för en trappuppgång", "a repaired roof for one stairwell"),
        ),
        "starts_in_days": -20,
        "ends_in_days": None,
        "title_sv": "Trygga hem i Ukraina",
        "title_en": "Safe homes in Ukraine",
        "summary_sv": (
            "Boende i krigsskadade hus organiserar sig för att reparera, påverka återuppbyggnaden "
            "och försvara sina rättigheter."
        ),
        "summary_en": (
            "Residents of war-damaged buildings organise to repair them, shape the rebuilding and "
            "defend their rights."
        ),
        "story_sv": (
            "I Charkiv och Kyiv har tusentals hyreshus skadats av bombningar.\n\n"
            "Boendeföreningar som våra partner stöttar samordnar reparationer och ser "
            "till att de boende har en röst när städerna planerar återuppbyggnaden."
        ),
        "story_en": (
            "In Kharkiv and Kyiv thousands of apartment blocks have been damaged by "
            "bombing.\n\n"
            "Residents' associations supported by our partners coordinate repairs and make "
            "sure residents have a say when the cities plan the rebuilding."
        ),
    },
    {
        "slug": "energy-workers-ukraine",
        "status": "draft",
        "is_featured": False,
        "programme": "eastern-europe",
        "countries": ["UA"],
        "organisation": "fackliga-centralorganisationen",
        "goal_minor": 20_000_000,
        "currency": "SEK",
        "suggested_amounts": impact_amounts(
            (10_000, "första hjälpen-kit till ett arbetslag", "a first-aid kit for one crew"),
            (25_000, "varma kläder till en elmontör", "warm clothes for one line worker"),
            (50_000, "en generator till ett fackkontor", "a generator for a union office"),
        ),
        "starts_in_days": 14,
        "ends_in_days": None,
        "title_sv": "Solidaritet med Ukrainas energiarbetare",
        "title_en": "Solidarity with Ukraine's energy workers",
        "summary_sv": "De håller ljuset tänt under attackerna. Stöd deras fackförbund.",
        "summary_en": "They keep the lights on under attack. Support their union.",
        "story_sv": (
            "Energiarbetarna reparerar ledningar och kraftverk medan attackerna pågår.\n\n"
            "Deras fackförbund kräver skyddsutrustning, skäliga villkor och stöd till "
            "familjerna till dem som skadats."
        ),
        "story_en": (
            "Energy workers repair lines and power stations while the attacks go on.\n\n"
            "Their union demands protective equipment, fair conditions and support for the "
            "families of those injured."
        ),
    },
    {
        "slug": "stand-with-myanmar-strikers",
        "status": "closed",
        "is_featured": False,
        "programme": "asia",
        "countries": ["MM"],
        "organisation": None,
        "goal_minor": 30_000_000,
        "currency": "SEK",
        "suggested_amounts": impact_amounts(
            (10_000, "mat till en strejkande i en vecka", "a week's food for one striker"),
            (25_000, "säker kommunikation för ett fack", "secure communication for a union"),
            (50_000, "hyra för ett skyddat boende", "rent for a safe house"),
        ),
        "allows_monthly": False,
        "starts_in_days": -700,
        "ends_in_days": -400,
        "title_sv": "Stå upp för Myanmars strejkande arbetare",
        "title_en": "Stand with Myanmar's striking workers",
        "summary_sv": (
            "Insamlingen till stöd för arbetare som strejkade mot militärkuppen är avslutad."
        ),
        "summary_en": "The appeal for workers who struck against the military coup has ended.",
        "story_sv": (
            "Efter militärkuppen gick hundratusentals arbetare ut i strejk. Många förlorade "
            "jobbet, och fackliga ledare tvingades fly.\n\n"
            "Tack vare era gåvor kunde strejkfonder och skyddat boende finansieras under "
            "det första svåra året. Arbetet fortsätter inom Asienprogrammet."
        ),
        "story_en": (
            "After the military coup hundreds of thousands of workers went on strike. Many "
            "lost their jobs, and union leaders were forced to flee.\n\n"
            "Thanks to your gifts, strike funds and safe housing were paid for through the "
            "first hard year. The work goes on in the Asia programme."
        ),
    },
]

# The illustration (campaigns.illustrations) of each campaign and programme: scene, palette.
ILLUSTRATIONS = {
    "programmes": {
        "western-balkans": ("hills", "violet"),
        "eastern-europe": ("hills", "green"),
        "middle-east-north-africa": ("hills", "sand"),
        "southern-africa": ("hills", "red"),
        "peace-congo-somalia": ("hills", "teal"),
        "asia": ("terraces", "green"),
        "latin-america": ("hills", "dusk"),
    },
    "campaigns": {
        "fair-wages-western-balkans": ("factory", "red"),
        "young-voices-kosovo-serbia": ("people", "violet"),
        "women-lead-albanian-unions": ("people", "red"),
        "just-transition-south-africa": ("turbines", "sand"),
        "emergency-lebanon": ("town", "sand"),
        "women-cooperatives-palestine": ("terraces", "teal"),
        "protect-union-defenders-colombia": ("people", "teal"),
        "domestic-workers-philippines": ("town", "teal"),
        "tenants-rebuild-ukraine": ("town", "dusk"),
        "energy-workers-ukraine": ("factory", "dusk"),
        "stand-with-myanmar-strikers": ("people", "green"),
    },
}

STAFF_USER = {"email": "staff@solidarity.local", "password": "solidarity-staff"}
FINANCE_USER = {"email": "finance@solidarity.local", "password": "solidarity-finance"}
ORGANISATION_USER = {
    "email": "org@solidarity.local",
    "password": "solidarity-org",
    "organisation": "fackliga-centralorganisationen",
}

# More organisation staff (an administrator and an editor of two organisations, with
# ORGANISATION_USER) and a fundraising staffer who works the review queue.
ORGANISATION_STAFF = [
    # email, password, organisation, role, first name, last name
    (
        "editor@solidarity.local",
        "solidarity-editor",
        "fackliga-centralorganisationen",
        "editor",
        "Elsa",
        "Redaktör",
    ),
    (
        "abf-admin@solidarity.local",
        "solidarity-abf-admin",
        "arbetarnas-bildningsforbund",
        "admin",
        "Anders",
        "Bildare",
    ),
    (
        "abf-editor@solidarity.local",
        "solidarity-abf-editor",
        "arbetarnas-bildningsforbund",
        "editor",
        "Bodil",
        "Bildare",
    ),
]
FUNDRAISING_USER = {"email": "fundraising@solidarity.local", "password": "solidarity-fundraising"}
# A pending change to a published campaign, waiting in the review queue.
PENDING_CHANGE = {
    "campaign": "fair-wages-western-balkans",
    "by": "editor@solidarity.local",
    "summary_sv": (
        "Arbetare på Balkan tjänar en bråkdel av en svensk lön. Stöd deras fackförbund i "
        "kampen för schyssta löner – nu även i Nordmakedonien."
    ),
}
