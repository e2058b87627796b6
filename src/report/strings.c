/*
 * The report's words in English, Lithuanian and Italian, and numbers as
 * each language writes them: en "34,690" and "395,000.00"; lt and it
 * "34 690" (a no-break space) and "395 000,00".  Months are YYYY-MM in all.
 */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const words[W__MAX][LANG__MAX] = {
    [W_REPORT] = {"Period report", "Laikotarpio ataskaita", "Relazione del periodo"},
    [W_PROJECT] = {"Project", "Projektas", "Progetto"},
    [W_FUNDER] = {"Funder", "Finansuotojas", "Finanziatore"},
    [W_PROGRAMME] = {"Programme", "Programa", "Programma"},
    [W_PERIOD] = {"Period", "Laikotarpis", "Periodo"},
    [W_CURRENCY] = {"Currency", "Valiuta", "Valuta"},
    [W_PARTNERS] = {"Partners", "Partneriai", "Partner"},
    [W_PAGE] = {"Page", "Puslapis", "Pagina"},
    [W_INDICATORS] = {"Indicators against targets", "Rodikliai ir tikslai",
                      "Indicatori rispetto agli obiettivi"},
    [W_INDICATOR] = {"Indicator", "Rodiklis", "Indicatore"},
    [W_TARGET] = {"Target", "Tikslas", "Obiettivo"},
    [W_ACHIEVED] = {"Achieved", "Pasiekta", "Raggiunto"},
    [W_PERCENT] = {"%", "%", "%"},
    [W_AUDIENCE] = {"People reached by group", "Pasiekti žmonės pagal grupę",
                    "Persone raggiunte per gruppo"},
    [W_GROUP] = {"Group", "Grupė", "Gruppo"},
    [W_PEOPLE] = {"People", "Žmonės", "Persone"},
    [W_MONTHLY] = {"Monthly activities", "Veiklos pagal mėnesį", "Attività mensili"},
    [W_MONTH] = {"Month", "Mėnuo", "Mese"},
    [W_ACTIVITIES] = {"Activities", "Veiklos", "Attività"},
    [W_HEADCOUNT] = {"Head-count", "Dalyvių skaičius", "Partecipanti"},
    [W_BY_KIND] = {"Institutions by kind", "Įstaigos pagal rūšį", "Istituzioni per tipo"},
    [W_KIND] = {"Kind", "Rūšis", "Tipo"},
    [W_INSTITUTIONS] = {"Institutions", "Įstaigos", "Istituzioni"},
    [W_BY_MUNICIPALITY] = {"Institutions by municipality", "Įstaigos pagal savivaldybę",
                           "Istituzioni per comune"},
    [W_MUNICIPALITY] = {"Municipality", "Savivaldybė", "Comune"},
    [W_BUDGET] = {"Budget by partner", "Biudžetas pagal partnerį", "Bilancio per partner"},
    [W_PARTNER] = {"Partner", "Partneris", "Partner"},
    [W_ALLOCATED] = {"Allocated", "Skirta", "Assegnato"},
    [W_SPENT] = {"Spent", "Išleista", "Speso"},
    [W_MAP] = {"Institutions visited", "Aplankytos įstaigos", "Istituzioni visitate"},
    [W_VISITED] = {"Institution", "Įstaiga", "Istituzione"},
    [W_TOTAL] = {"Total", "Iš viso", "Totale"},
    [W_ROLE] = {"Role", "Vaidmuo", "Ruolo"},
    [W_COUNTRY] = {"Country", "Šalis", "Paese"},
    [W_MATERIALS] = {"Materials distributed", "Išdalyta medžiaga", "Materiali distribuiti"},
    [W_MATERIAL] = {"Material", "Medžiaga", "Materiale"},
    [W_ENGAGEMENT] = {"Business engagement", "Verslo įtraukimas", "Coinvolgimento delle imprese"},
    [W_STAGE] = {"Stage", "Etapas", "Fase"},
    [W_BUSINESSES] = {"Businesses and hotels", "Įmonės ir viešbučiai", "Imprese e alberghi"},
    [W_AGREEMENTS] = {"Agreements", "Susitarimai", "Accordi"},
    [W_CASES] = {"Cases identified, by age and gender", "Nustatyti atvejai pagal amžių ir lytį",
                 "Casi identificati per età e genere"},
    [W_AGE] = {"Age band", "Amžiaus grupė", "Fascia d’età"},
    [W_CASES_NOTE] = {"Cases of all agencies identified in the period (else registered in it). "
                      "A dash is a count withheld to protect the people counted: every count "
                      "under",
                      "Visų agentūrų atvejai, nustatyti per laikotarpį (arba per jį "
                      "užregistruoti). Brūkšnys – skaičius, nuslėptas saugant suskaičiuotus "
                      "žmones: kiekvienas skaičius, mažesnis nei",
                      "Casi di tutte le agenzie identificati nel periodo (altrimenti registrati "
                      "in esso). Un trattino è un conteggio omesso per proteggere le persone "
                      "contate: ogni conteggio inferiore a"},
    [W_CASES_NOTE2] = {"and every count from which one of them could be worked out.",
                       "ir kiekvienas skaičius, iš kurio vieną jų būtų galima apskaičiuoti.",
                       "e ogni conteggio da cui se ne potrebbe ricavare uno."},
    [W_CASES_ROLE] = {"Not included: case statistics are given only to roles that may see them.",
                      "Neįtraukta: atvejų statistika pateikiama tik vaidmenims, kuriems "
                      "leidžiama ją matyti.",
                      "Non incluso: le statistiche dei casi sono fornite solo ai ruoli "
                      "autorizzati a vederle."},
    [W_CASES_CLI] = {"Not included: case statistics leave ecat only through its API, to a "
                     "signed-in user whose role may see them, so that every release is "
                     "recorded with the person it was given to.",
                     "Neįtraukta: atvejų statistika iš ecat išduodama tik per jos API "
                     "prisijungusiam naudotojui, kurio vaidmeniui leidžiama ją matyti, kad "
                     "kiekvienas išdavimas būtų užregistruotas su asmeniu, kuriam jis skirtas.",
                     "Non incluso: le statistiche dei casi escono da ecat solo tramite la sua "
                     "API, verso un utente autenticato il cui ruolo può vederle, così che ogni "
                     "rilascio sia registrato con la persona a cui è stato dato."},
};

/* Value codes of the API as the report prints them; the web's words where it has them. */
static const struct {
        const char *code;
        const char *text[LANG__MAX];
} labels[] = {
    /* organisation kinds: web kind.* */
    {"ngo", {"NGO", "NVO", "ONG"}},
    {"police", {"Police", "Policija", "Polizia"}},
    {"municipality", {"Municipality", "Savivaldybė", "Comune"}},
    {"ombudsman", {"Ombudsman", "Kontrolierius", "Garante"}},
    {"health_service", {"Health service", "Sveikatos priežiūros įstaiga", "Servizio sanitario"}},
    {"social_service", {"Social service", "Socialinių paslaugų įstaiga", "Servizio sociale"}},
    {"government", {"Government", "Valstybės institucija", "Governo"}},
    {"international",
     {"International organisation", "Tarptautinė organizacija", "Organizzazione internazionale"}},
    {"funder", {"Funder", "Finansuotojas", "Finanziatore"}},
    {"childrens_home", {"Children's home", "Vaikų globos namai", "Casa famiglia per minori"}},
    {"socialisation_centre",
     {"Socialisation centre", "Vaikų socializacijos centras", "Centro di socializzazione"}},
    {"special_school", {"Special school", "Specialioji mokykla", "Scuola speciale"}},
    {"school", {"School", "Mokykla", "Scuola"}},
    {"higher_education", {"Higher education", "Aukštoji mokykla", "Istruzione superiore"}},
    {"youth_centre", {"Youth centre", "Jaunimo centras", "Centro giovanile"}},
    {"shelter", {"Shelter", "Prieglauda", "Casa rifugio"}},
    {"hotel", {"Hotel", "Viešbutis", "Albergo"}},
    {"business", {"Business", "Įmonė", "Impresa"}},
    {"other", {"Other", "Kita", "Altro"}},
    /* audience groups: web audience.* */
    {"youths", {"Youths", "Jaunuoliai", "Giovani"}},
    {"specialists", {"Specialists", "Specialistai", "Specialisti"}},
    {"teachers", {"Teachers", "Mokytojai", "Insegnanti"}},
    {"parents", {"Parents", "Tėvai", "Genitori"}},
    {"business_staff", {"Business staff", "Įmonių darbuotojai", "Personale delle imprese"}},
    {"public", {"General public", "Visuomenė", "Pubblico"}},
    /* genders: web gender.* */
    {"feminine", {"Female", "Moteris", "Femminile"}},
    {"masculine", {"Male", "Vyras", "Maschile"}},
    {"transgender_feminine", {"Transgender woman", "Translytė moteris", "Donna transgender"}},
    {"transgender_masculine", {"Transgender man", "Translytis vyras", "Uomo transgender"}},
    {"non_conforming", {"Gender non-conforming", "Nebinarinė lytis", "Genere non conforme"}},
    {"unknown", {"Not known", "Nežinoma", "Non noto"}},
    /* audience groups of distributions, besides the activities' */
    {"pupils", {"Pupils", "Mokiniai", "Alunni"}},
    /* material kinds */
    {"film", {"Film", "Filmas", "Film"}},
    {"leaflet", {"Leaflet", "Lankstinukas", "Volantino"}},
    {"poster", {"Poster", "Plakatas", "Manifesto"}},
    {"presentation", {"Presentation", "Pristatymas", "Presentazione"}},
    {"lesson_plan", {"Lesson plan", "Pamokos planas", "Piano di lezione"}},
    {"booklet", {"Booklet", "Brošiūra", "Opuscolo"}},
    /* pipeline stages */
    {"contacted", {"Contacted", "Susisiekta", "Contattato"}},
    {"met", {"Met", "Susitikta", "Incontrato"}},
    {"committed", {"Committed", "Įsipareigota", "Impegnato"}},
    {"trained", {"Trained", "Apmokyta", "Formato"}},
    {"active", {"Active", "Aktyvus", "Attivo"}},
    {"declined", {"Declined", "Atsisakė", "Rifiutato"}},
    /* agreement kinds */
    {"pledge", {"Pledge", "Įsipareigojimas", "Impegno"}},
    {"code_of_conduct", {"Code of conduct", "Elgesio kodeksas", "Codice di condotta"}},
    {"memorandum", {"Memorandum", "Memorandumas", "Protocollo d’intesa"}},
    {"data_sharing", {"Data sharing", "Keitimasis duomenimis", "Condivisione dei dati"}},
    /* agreement statuses */
    {"draft", {"Draft", "Projektas", "Bozza"}},
    {"signed", {"Signed", "Pasirašytas", "Firmato"}},
    {"expired", {"Expired", "Nebegaliojantis", "Scaduto"}},
    {"withdrawn", {"Withdrawn", "Atšauktas", "Ritirato"}},
};

const char *report_label(enum report_lang lang, const char *code)
{
        if (!code)
                return "";
        for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
                if (strcmp(labels[i].code, code) == 0)
                        return (unsigned)lang < LANG__MAX ? labels[i].text[lang] : code;
        return code;
}

static const char *const codes[LANG__MAX] = {"en", "lt", "it"};

const char *report_word(enum report_lang lang, enum report_word w)
{
        if ((unsigned)lang >= LANG__MAX || (unsigned)w >= W__MAX)
                return "";
        return words[w][lang];
}

const char *report_lang_code(enum report_lang lang)
{
        return (unsigned)lang < LANG__MAX ? codes[lang] : "en";
}

int report_lang_parse(const char *s)
{
        for (int i = 0; i < LANG__MAX; i++)
                if (s && strcmp(s, codes[i]) == 0)
                        return i;
        return -1;
}

void report_number(enum report_lang lang, double v, enum col_kind kind, char *out, size_t n)
{
        if (n == 0)
                return;
        if (isnan(v)) {
                snprintf(out, n, "-");
                return;
        }
        const char *group = lang == LANG_EN ? "," : "\xc2\xa0";
        const char *point = lang == LANG_EN ? "." : ",";
        char digits[48];
        long long whole;
        int frac = -1;
        bool neg = v < 0;
        double a = fabs(v);
        if (kind == COL_MONEYC) {
                long long cents = llround(a);
                whole = cents / 100;
                frac = (int)(cents % 100);
        } else if (kind == COL_PERCENT) {
                long long tenths = llround(a * 10.0);
                whole = tenths / 10;
                frac = (int)(tenths % 10);
        } else {
                whole = llround(a);
        }
        snprintf(digits, sizeof(digits), "%lld", whole);
        char tmp[96];
        size_t k = 0, len = strlen(digits);
        if (neg)
                tmp[k++] = '-';
        for (size_t i = 0; i < len && k + 4 < sizeof(tmp); i++) {
                if (i > 0 && (len - i) % 3 == 0)
                        for (const char *g = group; *g; g++)
                                tmp[k++] = *g;
                tmp[k++] = digits[i];
        }
        tmp[k] = 0;
        if (kind == COL_MONEYC)
                snprintf(out, n, "%s%s%02d", tmp, point, frac);
        else if (kind == COL_PERCENT)
                snprintf(out, n, "%s%s%d %%", tmp, point, frac);
        else
                snprintf(out, n, "%s", tmp);
}
