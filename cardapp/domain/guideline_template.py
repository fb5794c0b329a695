"""The shipped guidelines template, in the project's own words, in every interface language.

Sections are plain text in the document's form: `- ` starts a list item. An organisation edits the
draft made from it; words in square brackets are for it to fill in.
"""

from __future__ import annotations

TEMPLATE: dict[str, dict[str, str]] = {
    "en": {
        "title": "Our guidelines for a safe working environment",
        "intro": (
            "These guidelines apply to everyone who works with us: permanent and temporary staff, freelancers, "
            "students and volunteers, at the workplace, on tour and at work-related events. We wrote them from "
            "our own risk mapping and from what we agreed together in our workshops."
        ),
        "agreements_heading": "What we agreed together",
        "no_agreements": "[No shared agreements recorded yet: write down what the group agrees on.]",
        "risks_heading": "Where our risk is greatest, and what we do about it",
        "risks_intro": "From our latest risk mapping, the risks we found most present and the measures we chose:",
        "no_measures": "[measures to be agreed]",
        "no_risks": "- [No risk mapping with enough answers yet: map the risk together first.]",
        "not_tolerated_heading": "What we do not tolerate",
        "not_tolerated": (
            "- Sexual harassment: unwanted attention of a sexual kind, in words, gestures, touch, pictures or "
            "messages, that offends, frightens or humiliates.\n"
            "- Harassment and discrimination because of gender, pregnancy, parental leave or care duties, "
            "ethnicity, religion or belief, disability, sexual orientation, gender identity or expression, or age.\n"
            "- Jokes, nicknames and remarks about appearance that put someone down, and insults aimed at a group.\n"
            "- Using a position of power, a role or someone's need for the next job to push anyone across a line.\n"
            "- Retaliation against anyone who reports, complains or speaks as a witness."
        ),
        "contacts_heading": "Whom you can talk to",
        "contacts": (
            "You choose whom you tell; you never have to go through your own manager. You can talk to:\n"
            "- [the leader responsible for the production or team]\n"
            "- the safety representative\n"
            "- the union representative\n"
            "- [a contact person outside the line of management, for example on the board]\n"
            "Reports can be made in speech or in writing, and someone else may report on your behalf."
        ),
        "handling_heading": "How we handle a report",
        "handling": (
            "- Every report is taken seriously and handled confidentially: only those who must know, will know.\n"
            "- We find out what happened, when and where, and how the person affected experienced it.\n"
            "- The person who reported and the person reported are heard separately. A joint meeting happens "
            "only if the person who reported wants one.\n"
            "- Each party may bring a support person to every meeting. The person reported has the right to "
            "give their side.\n"
            "- Notes are kept of every meeting, and read and agreed by those who took part.\n"
            "- We act quickly and keep both parties informed of how the case goes and of its outcome.\n"
            "- Criminal acts, such as sexual assault or threats, belong with the police. The person affected "
            "normally decides whether to report to the police, and we help if they do. Our duty to protect "
            "and follow up goes on meanwhile."
        ),
        "reactions_heading": "Possible reactions",
        "reactions": (
            "Depending on what happened: a talk, a written warning, a change of tasks or role, the end of an "
            "engagement or contract, or dismissal. Whatever the outcome, we follow up until everyone can "
            "work safely again."
        ),
        "outside_help_heading": "Help outside the organisation",
        "outside_help": (
            "- The Equality and Anti-Discrimination Ombud (Likestillings- og diskrimineringsombudet): free, "
            "confidential guidance.\n"
            "- The Anti-Discrimination Tribunal (Diskrimineringsnemnda): decides cases of discrimination and "
            "sexual harassment, free of charge.\n"
            "- The Labour Inspection Authority (Arbeidstilsynet): supervises the working environment.\n"
            "- Your union.\n"
            "- The police: 112 in an emergency, 02800 otherwise."
        ),
        "made_known_heading": "How these guidelines are made known",
        "made_known": (
            "[The board or management] adopts these guidelines. We share them with everyone who works with us, "
            "put them on our website, attach them to contracts, and review them at least every two years."
        ),
    },
    "nb": {
        "title": "Våre retningslinjer for et trygt arbeidsmiljø",
        "intro": (
            "Disse retningslinjene gjelder alle som jobber med oss: faste og midlertidig ansatte, frilansere, "
            "studenter og frivillige, på arbeidsplassen, på turné og på jobbrelaterte arrangementer. Vi har "
            "skrevet dem ut fra vår egen risikokartlegging og det vi ble enige om sammen i verkstedene våre."
        ),
        "agreements_heading": "Det vi ble enige om sammen",
        "no_agreements": "[Ingen felles avtaler registrert ennå: skriv ned det gruppen blir enig om.]",
        "risks_heading": "Der risikoen er størst, og hva vi gjør med det",
        "risks_intro": "Fra vår siste risikokartlegging, de risikoene vi fant mest til stede og tiltakene vi valgte:",
        "no_measures": "[tiltak skal avtales]",
        "no_risks": "- [Ingen risikokartlegging med nok svar ennå: kartlegg risikoen sammen først.]",
        "not_tolerated_heading": "Dette tolererer vi ikke",
        "not_tolerated": (
            "- Seksuell trakassering: uønsket oppmerksomhet av seksuell karakter, i ord, gester, berøring, bilder "
            "eller meldinger, som krenker, skremmer eller ydmyker.\n"
            "- Trakassering og diskriminering på grunn av kjønn, graviditet, foreldrepermisjon eller "
            "omsorgsoppgaver, etnisitet, religion eller livssyn, funksjonsnedsettelse, seksuell orientering, "
            "kjønnsidentitet eller kjønnsuttrykk, eller alder.\n"
            "- Vitser, kallenavn og kommentarer om utseende som tråkker på noen, og fornærmelser rettet mot "
            "en gruppe.\n"
            "- Å bruke en maktposisjon, en rolle eller noens behov for neste jobb til å presse noen over en grense.\n"
            "- Gjengjeldelse mot noen som varsler, klager eller uttaler seg som vitne."
        ),
        "contacts_heading": "Hvem du kan snakke med",
        "contacts": (
            "Du velger selv hvem du sier fra til; du må aldri gå via din egen leder. Du kan snakke med:\n"
            "- [lederen med ansvar for produksjonen eller teamet]\n"
            "- verneombudet\n"
            "- den tillitsvalgte\n"
            "- [en kontaktperson utenfor linjen, for eksempel i styret]\n"
            "Du kan si fra muntlig eller skriftlig, og andre kan si fra på dine vegne."
        ),
        "handling_heading": "Slik behandler vi en varsling",
        "handling": (
            "- Hver varsling tas på alvor og behandles fortrolig: bare de som må vite, får vite.\n"
            "- Vi finner ut hva som skjedde, når og hvor, og hvordan den som ble rammet opplevde det.\n"
            "- Den som varslet og den det er varslet om, blir hørt hver for seg. Et felles møte holdes bare "
            "hvis den som varslet ønsker det.\n"
            "- Hver part kan ta med en støtteperson i alle møter. Den det er varslet om, har rett til å gi "
            "sin versjon.\n"
            "- Det skrives referat fra hvert møte, som de som deltok, leser og godkjenner.\n"
            "- Vi handler raskt og holder begge parter orientert om hvordan saken går og hvordan den ender.\n"
            "- Straffbare handlinger, som seksuelle overgrep eller trusler, hører hjemme hos politiet. Den som "
            "er rammet, bestemmer normalt selv om det skal anmeldes, og vi hjelper til hvis hen vil. Vår plikt "
            "til å beskytte og følge opp gjelder også i mellomtiden."
        ),
        "reactions_heading": "Mulige reaksjoner",
        "reactions": (
            "Etter hva som har skjedd: en samtale, en skriftlig advarsel, endrede oppgaver eller rolle, at et "
            "engasjement eller en kontrakt avsluttes, eller oppsigelse. Uansett utfall følger vi opp til alle "
            "kan jobbe trygt igjen."
        ),
        "outside_help_heading": "Hjelp utenfor organisasjonen",
        "outside_help": (
            "- Likestillings- og diskrimineringsombudet: gratis og fortrolig veiledning.\n"
            "- Diskrimineringsnemnda: avgjør saker om diskriminering og seksuell trakassering, gratis.\n"
            "- Arbeidstilsynet: fører tilsyn med arbeidsmiljøet.\n"
            "- Fagforeningen din.\n"
            "- Politiet: 112 når det haster, ellers 02800."
        ),
        "made_known_heading": "Slik gjør vi retningslinjene kjent",
        "made_known": (
            "[Styret eller ledelsen] vedtar disse retningslinjene. Vi deler dem med alle som jobber med oss, "
            "legger dem ut på nettsiden vår, legger dem ved kontrakter og går gjennom dem minst hvert andre år."
        ),
    },
}
