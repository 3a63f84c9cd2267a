<?xml version="1.0" encoding="UTF-8"?>
<!-- feed.xsl - feed.atom and feed.rss as a page, with a note on how to
  subscribe, for a person who opens them in a browser.  XSLT 1.0 without
  extensions (Firefox, Safari, libxslt).  Text the feed holds as HTML (Atom
  type="html", RSS description) is shown as text, its tags dropped and its
  entities decoded here: disable-output-escaping is ignored by Firefox and
  would let a record's markup into the page. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:a="http://www.w3.org/2005/Atom"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:ev="http://purl.org/rss/1.0/modules/event/"
    exclude-result-prefixes="a content dc ev">
<xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat"/>

<xsl:template match="/"><xsl:apply-templates select="a:feed | rss/channel"/></xsl:template>

<!-- The page, for an Atom feed or an RSS channel (whose atom:link is in
     the Atom namespace too). -->
<xsl:template match="a:feed | channel">
  <xsl:variable name="lang" select="(@xml:lang | language)[1]"/>
  <xsl:variable name="self" select="a:link[@rel = 'self']/@href
      | link[not(../a:link[@rel = 'self'])]"/>
  <xsl:variable name="title"><xsl:apply-templates select="a:title | title" mode="text"/></xsl:variable>
  <html>
    <xsl:if test="$lang"><xsl:attribute name="lang"><xsl:value-of select="$lang"/></xsl:attribute></xsl:if>
    <head>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title><xsl:value-of select="$title"/></title>
      <style>
body { font: 1rem/1.5 system-ui, sans-serif; max-width: 42rem; margin: 0 auto;
  padding: 0 1rem; color: #222; background: #fff; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 1rem 0 0; } h2 { font-size: 1.15rem; margin: 0; }
.note { border: 2px solid #d98a00; background: #fff4dc; border-radius: .5rem; padding: .75rem 1rem; }
article { border-top: 1px solid #ddd; padding: .75rem 0; } article p { margin: .25rem 0; }
.meta { color: #555; font-size: .9rem; }</style>
    </head>
    <body>
      <header>
        <h1><xsl:value-of select="$title"/></h1>
        <xsl:for-each select="(a:subtitle | description)[1]"><p><xsl:apply-templates select="." mode="text"/></p></xsl:for-each>
      </header>
      <p class="note"><strong>This is a web feed.</strong> Copy this page's address into your feed reader to subscribe.
        <xsl:if test="$self"><br/>Feed address: <code><xsl:value-of select="$self"/></code></xsl:if>
      </p>
      <xsl:for-each select="(a:link[not(@rel) or @rel = 'alternate'] | link)[1]">
        <p>Website: <xsl:call-template name="link"><xsl:with-param name="href" select="(@href | self::link)[1]"/></xsl:call-template></p>
      </xsl:for-each>
      <main><xsl:apply-templates select="a:entry | item"/></main>
    </body>
  </html>
</xsl:template>

<xsl:template match="a:entry | item">
  <xsl:variable name="own" select="a:author/a:name | dc:creator | author"/>
  <xsl:variable name="by" select="$own | ../a:author/a:name[not($own)] | ../dc:creator[not($own)]"/>
  <article>
    <h2><xsl:call-template name="link">
      <xsl:with-param name="href" select="(a:link[not(@rel) or @rel = 'alternate']/@href | link)[1]"/>
      <xsl:with-param name="text"><xsl:apply-templates select="(a:title | title)[1]" mode="text"/></xsl:with-param>
    </xsl:call-template></h2>
    <p class="meta">
      <xsl:for-each select="a:published | a:updated[not(../a:published)]">
        <time datetime="{.}"><xsl:call-template name="stamp"/></time>
      </xsl:for-each>
      <xsl:for-each select="pubDate"><time><xsl:value-of select="."/></time></xsl:for-each>
      <xsl:if test="$by"> · by </xsl:if>
      <xsl:for-each select="$by"><xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="."/></xsl:for-each>
    </p>
    <xsl:apply-templates select="ev:startdate | ev:location"/>
    <xsl:choose>
      <xsl:when test="a:summary"><p><xsl:apply-templates select="a:summary" mode="text"/></p></xsl:when>
      <xsl:when test="a:content[@type = 'html'] | description | content:encoded">
        <p><xsl:call-template name="excerpt">
          <xsl:with-param name="h" select="(a:content | description | content:encoded)[1]"/>
        </xsl:call-template></p>
      </xsl:when>
    </xsl:choose>
  </article>
</xsl:template>

<xsl:template match="ev:location"><p class="event">Where: <xsl:value-of select="."/></p></xsl:template>

<!-- Start–end of a talk or event: the end's date only if it differs,
     the zone once unless they differ. -->
<xsl:template match="ev:startdate">
  <xsl:variable name="end" select="../ev:enddate"/>
  <p class="event">When: <time datetime="{.}"><xsl:call-template name="stamp">
    <xsl:with-param name="zone" select="not($end) or substring(., 20) != substring($end, 20)"/>
  </xsl:call-template></time>
  <xsl:for-each select="$end">–<time datetime="{.}"><xsl:call-template name="stamp">
    <xsl:with-param name="date" select="substring(., 1, 10) != substring(../ev:startdate, 1, 10)"/>
  </xsl:call-template></time></xsl:for-each></p>
</xsl:template>

<!-- An RFC 3339 time as crier writes it (no fractions of a second), in
     the offset it carries: 2017-02-04 11:30 UTC+01:00. -->
<xsl:template name="stamp">
  <xsl:param name="date" select="true()"/>
  <xsl:param name="zone" select="true()"/>
  <xsl:if test="$date"><xsl:value-of select="concat(substring(., 1, 10), ' ')"/></xsl:if>
  <xsl:value-of select="substring(., 12, 5)"/>
  <xsl:if test="$zone"><xsl:value-of select="concat(' UTC', translate(substring(., 20), 'Zz', ''))"/></xsl:if>
</xsl:template>

<!-- Only http(s) addresses become links: a feed may hold javascript:. -->
<xsl:template name="link">
  <xsl:param name="href"/>
  <xsl:param name="text" select="string($href)"/>
  <xsl:choose>
    <xsl:when test="starts-with($href, 'https://') or starts-with($href, 'http://')">
      <a href="{$href}"><xsl:copy-of select="$text"/></a></xsl:when>
    <xsl:otherwise><xsl:copy-of select="$text"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>

<xsl:template match="*" mode="text"><xsl:value-of select="."/></xsl:template>
<xsl:template match="a:*[@type = 'html']" mode="text">
  <xsl:call-template name="plain"><xsl:with-param name="h" select="."/></xsl:call-template>
</xsl:template>

<!-- The text of the first 800 or so characters of HTML, cut after a
     word, so that the recursion below stays shallow on a long body. -->
<xsl:template name="excerpt">
  <xsl:param name="h"/>
  <xsl:variable name="cut" select="concat(substring($h, 1, 800), substring-before(substring($h, 801, 80), ' '))"/>
  <xsl:variable name="text"><xsl:call-template name="plain"><xsl:with-param name="h" select="$cut"/></xsl:call-template></xsl:variable>
  <xsl:value-of select="normalize-space($text)"/>
  <xsl:if test="string-length($cut) &lt; string-length($h)">…</xsl:if>
</xsl:template>

<!-- HTML to text: each tag becomes a space, entities are decoded. -->
<xsl:template name="plain">
  <xsl:param name="h"/>
  <xsl:call-template name="unescape"><xsl:with-param name="s" select="substring-before(concat($h, '&lt;'), '&lt;')"/></xsl:call-template>
  <xsl:if test="contains($h, '&lt;')">
    <xsl:text> </xsl:text>
    <xsl:call-template name="plain">
      <xsl:with-param name="h" select="substring-after(substring-after($h, '&lt;'), '&gt;')"/>
    </xsl:call-template>
  </xsl:if>
</xsl:template>

<!-- Decodes the entities crier's HTML uses; others stay as written.  A
     long string is first halved before an '&' (or, when its second half
     has none, 8 characters past the middle, beyond any entity begun in
     the first), since libxslt gives up at a depth of 3000 calls. -->
<xsl:template name="unescape">
  <xsl:param name="s"/>
  <xsl:variable name="k" select="floor(string-length($s) div 2)"/>
  <xsl:variable name="tail" select="substring($s, $k + 1)"/>
  <xsl:choose>
    <xsl:when test="not(contains($s, '&amp;'))"><xsl:value-of select="$s"/></xsl:when>
    <xsl:when test="$k &gt; 100 and contains($tail, '&amp;')">
      <xsl:call-template name="unescape">
        <xsl:with-param name="s" select="concat(substring($s, 1, $k), substring-before($tail, '&amp;'))"/>
      </xsl:call-template>
      <xsl:call-template name="unescape">
        <xsl:with-param name="s" select="concat('&amp;', substring-after($tail, '&amp;'))"/>
      </xsl:call-template>
    </xsl:when>
    <xsl:when test="$k &gt; 100">
      <xsl:call-template name="unescape"><xsl:with-param name="s" select="substring($s, 1, $k + 8)"/></xsl:call-template>
      <xsl:value-of select="substring($s, $k + 9)"/>
    </xsl:when>
    <xsl:otherwise>
      <xsl:variable name="r" select="substring-after($s, '&amp;')"/>
      <xsl:variable name="e" select="substring-before($r, ';')"/>
      <xsl:value-of select="substring-before($s, '&amp;')"/>
      <xsl:choose>
        <xsl:when test="$e = 'lt'">&lt;</xsl:when>
        <xsl:when test="$e = 'gt'">&gt;</xsl:when>
        <xsl:when test="$e = 'amp'">&amp;</xsl:when>
        <xsl:when test="$e = 'quot'">"</xsl:when>
        <xsl:when test="$e = '#39'">'</xsl:when>
        <xsl:otherwise>&amp;</xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="unescape">
        <xsl:with-param name="s" select="substring($r, 1 + (string-length($e) + 1)
            * ($e = 'lt' or $e = 'gt' or $e = 'amp' or $e = 'quot' or $e = '#39'))"/>
      </xsl:call-template>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
