"""Word lists the extraction rules key on: titles, roles, triggers, hedges, countries.

Kept as plain Python sets (not data files) so they are importable, type-checked and cheap to
load. Everything is lower-case; rules compare against ``token.lower_`` or ``token.lemma_``.
"""

from __future__ import annotations

# --- people's titles -------------------------------------------------------------------------

# Role nouns that make the holder the leader of the organisation or country they name.
LEADER_ROLES: frozenset[str] = frozenset(
    """president leader chairman chairwoman chairperson chair head chief commander premier
    chancellor king queen emir sultan monarch ruler dictator governor mayor ceo founder
    director-general secretary-general general-secretary boss supremo director""".split()
)
# Multi-word leader roles are recognised on their last word plus this first word.
PRIME_WORDS: frozenset[str] = frozenset({"prime"})

# Role nouns that make the holder a spokesperson of whoever they name.
SPOKES_ROLES: frozenset[str] = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "spokeswomen", "mouthpiece"}
)
# "press secretary", "press officer", "press aide": a spokesperson role when "press" precedes.
PRESS_ROLES: frozenset[str] = frozenset({"secretary", "officer", "aide", "attache", "attaché"})

# Role nouns that make the holder a member of an organisation (not of a country: a minister
# of a country is not modelled as a membership).
MEMBER_ROLES: frozenset[str] = frozenset(
    """member official minister lawmaker legislator senator congressman congresswoman mp
    deputy executive officer envoy ambassador diplomat negotiator adviser advisor aide
    militant fighter commander general colonel activist candidate politician employee
    staffer analyst economist judge prosecutor agent""".split()
)

# Words that can precede a person's name as a title and must be stripped from the name.
TITLE_WORDS: frozenset[str] = frozenset(
    """mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady prof prof. professor president
    vice prime minister secretary foreign defence defense interior finance justice state
    deputy principal chief general gen gen. lieutenant lt lt. colonel col col. major maj
    captain capt admiral adm marshal sergeant commander king queen prince princess sheikh
    emir sultan senator sen sen. rep rep. representative governor gov gov. mayor judge justice
    chairman chairwoman chairperson chair ceo former late acting interim opposition
    leader spokesman spokeswoman spokesperson ambassador envoy premier chancellor pope
    cardinal bishop rev rev. reverend father imam rabbi ayatollah supreme director executive
    officer head minister-president attorney speaker house parliament parliamentary
    press counterpart top senior junior assistant undersecretary under""".split()
)

# --- actor nouns that are not names ---------------------------------------------------------

# Collective agents that arrest, fight or rule without a proper name ("police", "authorities").
GENERIC_AGENTS: frozenset[str] = frozenset(
    """police authorities authority prosecutors prosecutor investigators troops army military
    forces government regime junta agents officers guard guards gendarmes soldiers militants
    rebels insurgents militia militias coalition administration court courts ministry marines
    navy commandos gendarmerie intelligence counterintelligence service services rangers
    procuratorate paramilitaries bureau agency squad unit watchdog committee commission""".split()
)

# Wire services and outlets: sources of a report, never actors in it.
NEWS_AGENCIES: frozenset[str] = frozenset(
    {
        "reuters",
        "ap",
        "afp",
        "associated press",
        "the associated press",
        "agence france-presse",
        "france-presse",
        "sputnik",
        "tass",
        "xinhua",
        "interfax",
        "ria novosti",
        "ria",
        "upi",
        "dpa",
        "kyodo",
        "yonhap",
        "ansa",
        "efe",
        "anadolu",
        "bernama",
        "pti",
        "press trust of india",
        "irna",
        "bloomberg news",
        "urdupoint",
        "urdupoint news",
        "cnn",
        "bbc",
        "al jazeera",
    }
)

# Diseases and their variants, which the model tags as organisations or people.
DISEASES: frozenset[str] = frozenset(
    """covid covid-19 covid19 coronavirus sars-cov-2 sars mers ebola mpox monkeypox cholera malaria
    hiv aids tuberculosis measles polio zika dengue influenza h5n1 h1n1 omicron alzheimer's
    parkinson's alzheimer parkinson anthrax smallpox""".split()
)

# --- triggers -------------------------------------------------------------------------------

SPEAK_VERBS: frozenset[str] = frozenset({"speak", "talk", "confer", "chat", "converse", "negotiate", "meet", "consult"})
# Verbs whose direct object is the other party of a conversation.
SPEAK_TRANSITIVE: frozenset[str] = frozenset(
    {"meet", "phone", "telephone", "call", "ring", "host", "receive", "contact", "brief", "tell", "assure", "welcome"}
)
# Verbs that make a conversation when two conjoined subjects do them ("X and Y discussed").
SPEAK_RECIPROCAL: frozenset[str] = frozenset(
    {"discuss", "meet", "talk", "speak", "confer", "negotiate", "exchange", "chat"}
)
SPEAK_NOUNS: frozenset[str] = frozenset(
    {
        "talk",
        "talks",
        "call",
        "conversation",
        "meeting",
        "discussion",
        "discussions",
        "contact",
        "negotiation",
        "negotiations",
        "summit",
        "phone",
        "phonecall",
        "conference",
        "dialogue",
        "exchange",
        "consultation",
        "consultations",
        "audience",
        "chat",
        "meetings",
        "calls",
        "conversations",
    }
)
# Verbs that give a conversation noun its agent ("held talks", "had a phone call").
SPEAK_LIGHT_VERBS: frozenset[str] = frozenset(
    {
        "hold",
        "have",
        "conduct",
        "be",
        "make",
        "host",
        "get",
        "stay",
        "remain",
        "keep",
        "exchange",
        "receive",
        "take",
        "begin",
        "open",
        "start",
        "resume",
    }
)

# Ally nouns that leave no doubt ...
CLOSE_ALLY_NOUNS: frozenset[str] = frozenset(
    {
        "ally",
        "allies",
        "confidant",
        "confidante",
        "loyalist",
        "loyalists",
        "protege",
        "protégé",
        "protegee",
        "protégée",
        "proteges",
        "protégés",
        "lieutenant",
    }
)
# ... and every ally noun: a "partner", "backer", "friend" or "associate" is less sure.
ALLY_NOUNS: frozenset[str] = CLOSE_ALLY_NOUNS | {
    "partner",
    "backer",
    "supporter",
    "associate",
    "associates",
    "friend",
    "friends",
}
ALLY_VERBS: frozenset[str] = frozenset({"ally", "side", "align", "back", "support", "endorse"})

ARREST_VERBS: frozenset[str] = frozenset(
    {"arrest", "detain", "apprehend", "jail", "imprison", "nab", "capture", "intern", "incarcerate", "handcuff"}
)
ARREST_NOUNS: frozenset[str] = frozenset({"arrest", "detention", "capture", "custody"})

SUCCEED_VERBS: frozenset[str] = frozenset({"succeed", "replace", "supplant", "supersede", "oust"})
HANDOVER_VERBS: frozenset[str] = frozenset({"hand", "turn", "pass", "cede", "transfer", "relinquish", "yield", "give"})
POWER_NOUNS: frozenset[str] = frozenset(
    {
        "power",
        "presidency",
        "leadership",
        "reins",
        "office",
        "post",
        "premiership",
        "throne",
        "control",
        "helm",
        "chairmanship",
        "command",
        "baton",
        "job",
        "role",
        "position",
        "crown",
    }
)
CHOOSE_VERBS: frozenset[str] = frozenset(
    {"choose", "pick", "name", "designate", "anoint", "appoint", "select", "groom", "nominate", "tap", "handpick"}
)

APPOINT_VERBS: frozenset[str] = frozenset(
    {"appoint", "name", "nominate", "designate", "install", "tap", "reappoint", "promote", "hire"}
)

LEAD_VERBS: frozenset[str] = frozenset({"lead", "head", "rule", "govern", "chair", "command", "run", "helm", "preside"})
MEMBER_VERBS: frozenset[str] = frozenset({"join", "rejoin"})
MEMBER_NOUNS: frozenset[str] = frozenset({"member", "members", "membership"})

OPPOSE_VERBS: frozenset[str] = frozenset(
    {
        "oppose",
        "criticize",
        "criticise",
        "condemn",
        "denounce",
        "accuse",
        "attack",
        "fight",
        "battle",
        "sue",
        "sanction",
        "confront",
        "disband",
        "outlaw",
        "ban",
        "dissolve",
        "blame",
        "slam",
        "rebuke",
        "challenge",
        "defeat",
        "bomb",
        "shell",
        "invade",
        "clash",
        "target",
        "impeach",
        "censure",
        "boycott",
        "expel",
        "threaten",
    }
)
OPPOSE_NOUNS: frozenset[str] = frozenset(
    {
        "rival",
        "rivals",
        "opponent",
        "opponents",
        "foe",
        "foes",
        "enemy",
        "enemies",
        "critic",
        "critics",
        "adversary",
        "nemesis",
        "clash",
        "clashes",
        "fighting",
        "war",
        "conflict",
        "rivalry",
        "feud",
        "dispute",
        "hostilities",
        "airstrike",
        "airstrikes",
        "strikes",
        "attack",
        "attacks",
        "offensive",
        "sanctions",
        "lawsuit",
        "opposition",
        "battle",
        "fight",
        "row",
        "standoff",
        "spat",
        "confrontation",
        "showdown",
        "tussle",
    }
)

REPORT_VERBS: frozenset[str] = frozenset(
    {"say", "announce", "state", "report", "confirm", "tell", "add", "specify", "disclose", "reveal", "note", "declare"}
)

# --- factuality -----------------------------------------------------------------------------

# Auxiliaries that make an event future, conditional or merely possible.
MODALS: frozenset[str] = frozenset(
    {"will", "shall", "would", "could", "might", "may", "should", "must", "can", "'ll", "ca", "wo", "need", "ought"}
)
# Governing words under which an event is planned, denied, hoped, failed or hedged.
NONFACTIVE: frozenset[str] = frozenset(
    """plan expect hope want seek try attempt intend aim prepare gear propose offer refuse
    decline deny fail threaten consider urge ask invite schedule due likely unlikely unable
    wish need fear rumor rumour allege believe suspect speculate doubt reject set arrange
    await prospect possibility possible chance bid agree pledge promise vow demand order
    call push press lobby insist prefer accuse claim suspicion suspect charge cancel postpone
    delay scrap suspend skip boycott abandon halt request proposal invitation effort offer
    hope attempt suggest recommend advise encourage tip mull contemplate envisage""".split()
)
# Modifiers that make a noun event unreal: "planned talks", "a possible meeting".
HEDGE_MODIFIERS: frozenset[str] = frozenset(
    """would-be potential planned proposed possible upcoming future next rumored rumoured
    unconfirmed expected scheduled prospective likely hypothetical""".split()
)
HEDGE_ADVERBS: frozenset[str] = frozenset(
    {"possibly", "perhaps", "maybe", "probably", "not", "never", "n't", "hardly", "soon"}
)
# Reported facts are facts, proposed lower: "allegedly arrested", "the reported meeting",
# "prosecutors allege that X met Y".
REPORTED_ADVERBS: frozenset[str] = frozenset(
    {"allegedly", "reportedly", "supposedly", "purportedly", "apparently", "seemingly", "ostensibly"}
)
REPORTED_MODIFIERS: frozenset[str] = frozenset({"alleged", "reported", "purported", "supposed"})
REPORTED_GOVERNORS: frozenset[str] = frozenset({"allege", "claim", "believe", "suspect", "think"})
NEGATIONS: frozenset[str] = frozenset({"not", "n't", "never", "no", "without", "neither", "nor"})

# --- countries ------------------------------------------------------------------------------

# Canonical country name -> other names and demonyms (lower-case). Covers the states that
# dominate world news; anything else NER calls a GPE is kept as an "other" actor.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "United States": (
        "us",
        "u.s.",
        "u.s",
        "usa",
        "u.s.a.",
        "america",
        "united states",
        "the united states",
        "american",
        "united states of america",
    ),
    "United Kingdom": ("uk", "u.k.", "britain", "great britain", "british", "united kingdom", "england", "english"),
    "Russia": ("russia", "russian", "russian federation"),
    "China": ("china", "chinese", "prc", "people's republic of china"),
    "Kazakhstan": ("kazakhstan", "kazakh", "kazakhstani"),
    "Ukraine": ("ukraine", "ukrainian"),
    "Belarus": ("belarus", "belarusian", "belarussian"),
    "France": ("france", "french"),
    "Germany": ("germany", "german"),
    "Italy": ("italy", "italian"),
    "Spain": ("spain", "spanish"),
    "Portugal": ("portugal", "portuguese"),
    "Netherlands": ("netherlands", "dutch", "holland"),
    "Belgium": ("belgium", "belgian"),
    "Poland": ("poland", "polish"),
    "Hungary": ("hungary", "hungarian"),
    "Austria": ("austria", "austrian"),
    "Switzerland": ("switzerland", "swiss"),
    "Sweden": ("sweden", "swedish"),
    "Norway": ("norway", "norwegian"),
    "Finland": ("finland", "finnish"),
    "Denmark": ("denmark", "danish"),
    "Ireland": ("ireland", "irish"),
    "Greece": ("greece", "greek"),
    "Turkey": ("turkey", "turkish", "turkiye", "türkiye"),
    "Romania": ("romania", "romanian"),
    "Bulgaria": ("bulgaria", "bulgarian"),
    "Serbia": ("serbia", "serbian"),
    "Croatia": ("croatia", "croatian"),
    "Czech Republic": ("czech republic", "czechia", "czech"),
    "Slovakia": ("slovakia", "slovak"),
    "Moldova": ("moldova", "moldovan"),
    "Georgia": ("georgia", "georgian"),
    "Armenia": ("armenia", "armenian"),
    "Azerbaijan": ("azerbaijan", "azerbaijani", "azeri"),
    "Uzbekistan": ("uzbekistan", "uzbek"),
    "Kyrgyzstan": ("kyrgyzstan", "kyrgyz"),
    "Tajikistan": ("tajikistan", "tajik"),
    "Turkmenistan": ("turkmenistan", "turkmen"),
    "Afghanistan": ("afghanistan", "afghan"),
    "Pakistan": ("pakistan", "pakistani"),
    "India": ("india", "indian"),
    "Bangladesh": ("bangladesh", "bangladeshi"),
    "Sri Lanka": ("sri lanka", "sri lankan"),
    "Nepal": ("nepal", "nepalese", "nepali"),
    "Myanmar": ("myanmar", "burma", "burmese"),
    "Thailand": ("thailand", "thai"),
    "Vietnam": ("vietnam", "vietnamese"),
    "Cambodia": ("cambodia", "cambodian"),
    "Malaysia": ("malaysia", "malaysian"),
    "Singapore": ("singapore", "singaporean"),
    "Indonesia": ("indonesia", "indonesian"),
    "Philippines": ("philippines", "philippine", "filipino"),
    "Japan": ("japan", "japanese"),
    "South Korea": ("south korea", "south korean", "republic of korea"),
    "North Korea": ("north korea", "north korean", "dprk"),
    "Taiwan": ("taiwan", "taiwanese"),
    "Mongolia": ("mongolia", "mongolian"),
    "Australia": ("australia", "australian"),
    "New Zealand": ("new zealand",),
    "Canada": ("canada", "canadian"),
    "Mexico": ("mexico", "mexican"),
    "Brazil": ("brazil", "brazilian"),
    "Argentina": ("argentina", "argentine", "argentinian"),
    "Chile": ("chile", "chilean"),
    "Colombia": ("colombia", "colombian"),
    "Venezuela": ("venezuela", "venezuelan"),
    "Peru": ("peru", "peruvian"),
    "Bolivia": ("bolivia", "bolivian"),
    "Ecuador": ("ecuador", "ecuadorian"),
    "Cuba": ("cuba", "cuban"),
    "Nicaragua": ("nicaragua", "nicaraguan"),
    "Haiti": ("haiti", "haitian"),
    "Iran": ("iran", "iranian"),
    "Iraq": ("iraq", "iraqi"),
    "Syria": ("syria", "syrian"),
    "Lebanon": ("lebanon", "lebanese"),
    "Israel": ("israel", "israeli"),
    "Palestine": ("palestine", "palestinian", "palestinian territories"),
    "Jordan": ("jordan", "jordanian"),
    "Saudi Arabia": ("saudi arabia", "saudi"),
    "United Arab Emirates": ("united arab emirates", "uae", "emirati"),
    "Qatar": ("qatar", "qatari"),
    "Kuwait": ("kuwait", "kuwaiti"),
    "Oman": ("oman", "omani"),
    "Yemen": ("yemen", "yemeni"),
    "Bahrain": ("bahrain", "bahraini"),
    "Egypt": ("egypt", "egyptian"),
    "Libya": ("libya", "libyan"),
    "Tunisia": ("tunisia", "tunisian"),
    "Algeria": ("algeria", "algerian"),
    "Morocco": ("morocco", "moroccan"),
    "Sudan": ("sudan", "sudanese"),
    "South Sudan": ("south sudan", "south sudanese"),
    "Ethiopia": ("ethiopia", "ethiopian"),
    "Eritrea": ("eritrea", "eritrean"),
    "Somalia": ("somalia", "somali"),
    "Kenya": ("kenya", "kenyan"),
    "Uganda": ("uganda", "ugandan"),
    "Tanzania": ("tanzania", "tanzanian"),
    "Rwanda": ("rwanda", "rwandan"),
    "Democratic Republic of the Congo": ("democratic republic of the congo", "drc", "dr congo", "congolese"),
    "Nigeria": ("nigeria", "nigerian"),
    "Niger": ("niger", "nigerien"),
    "Mali": ("mali", "malian"),
    "Burkina Faso": ("burkina faso", "burkinabe"),
    "Chad": ("chad", "chadian"),
    "Senegal": ("senegal", "senegalese"),
    "Ghana": ("ghana", "ghanaian"),
    "Ivory Coast": ("ivory coast", "cote d'ivoire", "côte d'ivoire", "ivorian"),
    "Cameroon": ("cameroon", "cameroonian"),
    "South Africa": ("south africa", "south african"),
    "Zimbabwe": ("zimbabwe", "zimbabwean"),
    "Zambia": ("zambia", "zambian"),
    "Mozambique": ("mozambique", "mozambican"),
    "Angola": ("angola", "angolan"),
    "Estonia": ("estonia", "estonian"),
    "Latvia": ("latvia", "latvian"),
    "Lithuania": ("lithuania", "lithuanian"),
    "Slovenia": ("slovenia", "slovenian"),
    "Bosnia and Herzegovina": ("bosnia", "bosnia and herzegovina", "bosnian"),
    "Kosovo": ("kosovo", "kosovar"),
    "Albania": ("albania", "albanian"),
    "North Macedonia": ("north macedonia", "macedonia", "macedonian"),
    "Montenegro": ("montenegro", "montenegrin"),
    "Cyprus": ("cyprus", "cypriot"),
    "Iceland": ("iceland", "icelandic"),
    "Vatican": ("vatican", "holy see"),
    # the rest of the world's states, so a listed "X of <country>" is always recognised
    "Togo": ("togo", "togolese"),
    "Benin": ("benin", "beninese"),
    "Guinea": ("guinea", "guinean"),
    "Guinea-Bissau": ("guinea-bissau", "bissau-guinean"),
    "Equatorial Guinea": ("equatorial guinea", "equatoguinean"),
    "Liberia": ("liberia", "liberian"),
    "Sierra Leone": ("sierra leone", "sierra leonean"),
    "Gambia": ("gambia", "the gambia", "gambian"),
    "Mauritania": ("mauritania", "mauritanian"),
    "Cape Verde": ("cape verde", "cabo verde", "cape verdean"),
    "Gabon": ("gabon", "gabonese"),
    "Republic of the Congo": ("republic of the congo", "congo-brazzaville"),
    "Central African Republic": ("central african republic",),
    "Burundi": ("burundi", "burundian"),
    "Malawi": ("malawi", "malawian"),
    "Botswana": ("botswana", "botswanan"),
    "Namibia": ("namibia", "namibian"),
    "Lesotho": ("lesotho",),
    "Eswatini": ("eswatini", "swaziland", "swazi"),
    "Madagascar": ("madagascar", "malagasy"),
    "Mauritius": ("mauritius", "mauritian"),
    "Seychelles": ("seychelles", "seychellois"),
    "Comoros": ("comoros", "comoran"),
    "Djibouti": ("djibouti", "djiboutian"),
    "Laos": ("laos", "lao", "laotian"),
    "Brunei": ("brunei", "bruneian"),
    "Timor-Leste": ("timor-leste", "east timor", "timorese"),
    "Bhutan": ("bhutan", "bhutanese"),
    "Maldives": ("maldives", "maldivian"),
    "Papua New Guinea": ("papua new guinea",),
    "Fiji": ("fiji", "fijian"),
    "Uruguay": ("uruguay", "uruguayan"),
    "Paraguay": ("paraguay", "paraguayan"),
    "Guatemala": ("guatemala", "guatemalan"),
    "Honduras": ("honduras", "honduran"),
    "El Salvador": ("el salvador", "salvadoran"),
    "Costa Rica": ("costa rica", "costa rican"),
    "Panama": ("panama", "panamanian"),
    "Dominican Republic": ("dominican republic",),
    "Jamaica": ("jamaica", "jamaican"),
    "Trinidad and Tobago": ("trinidad and tobago",),
    "Guyana": ("guyana", "guyanese"),
    "Suriname": ("suriname", "surinamese"),
    "Luxembourg": ("luxembourg",),
    "Malta": ("malta", "maltese"),
    "Liechtenstein": ("liechtenstein",),
    "Monaco": ("monaco", "monegasque"),
    "Andorra": ("andorra", "andorran"),
    "San Marino": ("san marino",),
}


def _adjective(name: str, aliases: tuple[str, ...]) -> str:
    """The nationality adjective among a country's names ("chinese" for China), else the name."""
    endings = ("an", "ese", "ish", "ch", "i", "ic", "ss", "ek", "kh", "ik", "yz", "ine", "ot", "ai")
    for a in aliases:
        if a != name.lower() and "." not in a and len(a) > 3 and a.endswith(endings) and not a.startswith("the "):
            return " ".join(w.capitalize() for w in a.split())
    return name


# Country -> its nationality adjective, for naming a country's bodies ("Chinese authorities").
COUNTRY_ADJECTIVE: dict[str, str] = {name: _adjective(name, aliases) for name, aliases in COUNTRIES.items()}

DEMONYM_TO_COUNTRY: dict[str, str] = {
    alias: name for name, aliases in COUNTRIES.items() for alias in (*aliases, name.lower())
}

# Capitals stand for their state when they act ("Moscow's closest ally", "Beijing warned"),
# not when they are where something happens ("talks in Moscow").
CAPITALS: dict[str, str] = {
    "washington": "United States",
    "moscow": "Russia",
    "beijing": "China",
    "kyiv": "Ukraine",
    "kiev": "Ukraine",
    "london": "United Kingdom",
    "paris": "France",
    "berlin": "Germany",
    "tehran": "Iran",
    "ankara": "Turkey",
    "tokyo": "Japan",
    "seoul": "South Korea",
    "pyongyang": "North Korea",
    "new delhi": "India",
    "islamabad": "Pakistan",
    "kabul": "Afghanistan",
    "riyadh": "Saudi Arabia",
    "cairo": "Egypt",
    "damascus": "Syria",
    "baghdad": "Iraq",
    "minsk": "Belarus",
    "warsaw": "Poland",
    "budapest": "Hungary",
    "rome": "Italy",
    "madrid": "Spain",
    "ottawa": "Canada",
    "canberra": "Australia",
    "brasilia": "Brazil",
    "astana": "Kazakhstan",
    "tbilisi": "Georgia",
    "yerevan": "Armenia",
    "baku": "Azerbaijan",
    "taipei": "Taiwan",
    "caracas": "Venezuela",
    "havana": "Cuba",
    "jerusalem": "Israel",
    "nairobi": "Kenya",
    "addis ababa": "Ethiopia",
    "khartoum": "Sudan",
    "abuja": "Nigeria",
    "pretoria": "South Africa",
    "hanoi": "Vietnam",
    "manila": "Philippines",
    "jakarta": "Indonesia",
}
LOCATIVE_PREPS: frozenset[str] = frozenset(
    {
        "in",
        "at",
        "to",
        "from",
        "near",
        "outside",
        "inside",
        "across",
        "into",
        "around",
        "within",
        "throughout",
        "toward",
        "towards",
        "via",
        "through",
        "over",
        "on",
        "between",
        "of",
    }
)
